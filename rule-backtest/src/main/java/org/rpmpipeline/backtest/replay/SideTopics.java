package org.rpmpipeline.backtest.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a small compacted topic (per-patient thresholds, device status, alert timers) whole, up to the end
 * offsets it had when the read started, in Kafka-time order (ties by partition and offset). These topics hold
 * one record per patient or device after compaction, so they fit in memory; a topic with more than
 * {@link #MAX_RECORDS} records is refused rather than read without bound.
 */
public final class SideTopics {
    public static final int MAX_RECORDS = 2_000_000;

    private SideTopics() {
    }

    /** The records of {@code topic} whose key passes {@code keep}, oldest Kafka time first; empty if no topic. */
    public static List<ConsumerRecord<byte[], byte[]>> read(Consumer<byte[], byte[]> consumer, String topic,
            Predicate<String> keep, Duration stallTimeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        consumer.endOffsets(partitions).forEach((tp, end) -> ranges.put(tp, new long[] {begin.get(tp), end}));
        long total = ranges.values().stream().mapToLong(r -> r[1] - r[0]).sum();
        if (total > MAX_RECORDS) {
            throw new IllegalStateException(topic + " holds " + total + " records, more than the "
                    + MAX_RECORDS + " a backtest reads into memory");
        }
        PartitionMerge merge = new PartitionMerge(consumer, ranges, stallTimeout);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r = merge.next(); r != null; r = merge.next()) {
            String key = r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (key != null && keep.test(key)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        return out;
    }
}
