package org.rpmpipeline.backtest.replay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads offset ranges of a topic's partitions and hands their records out as one stream: each partition's
 * records in offset order (as the live processor saw them), and across partitions always the record with the
 * earliest Kafka timestamp next (ties by partition number). The order depends only on what the topic holds, not
 * on how the broker happens to batch its fetches, which is what makes a replay repeatable. At most
 * {@link #MAX_BUFFERED} records per partition are held; a partition that far ahead is paused.
 */
final class PartitionMerge {
    static final int MAX_BUFFERED = 20_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final Duration stallTimeout;
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
    /** Partitions not yet read to their end offset. */
    private final Set<TopicPartition> fetching = new HashSet<>();
    /** Fetching partitions whose buffer is empty: no record can be handed out until they have one. */
    private final Set<TopicPartition> starved = new HashSet<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final PriorityQueue<TopicPartition> heads;

    /**
     * @param ranges per partition, {@code [start, end)} offsets to read
     * @param stallTimeout how long the broker may deliver nothing while records are still expected
     */
    PartitionMerge(Consumer<byte[], byte[]> consumer, Map<TopicPartition, long[]> ranges, Duration stallTimeout) {
        this.consumer = consumer;
        this.stallTimeout = stallTimeout;
        this.heads = new PriorityQueue<>(Comparator
                .comparingLong((TopicPartition tp) -> buffers.get(tp).peekFirst().timestamp())
                .thenComparingInt(TopicPartition::partition));
        ranges.forEach((tp, range) -> {
            if (range[0] < range[1]) {
                ends.put(tp, range[1]);
                buffers.put(tp, new ArrayDeque<>());
                fetching.add(tp);
                starved.add(tp);
            }
        });
        consumer.assign(List.copyOf(ends.keySet()));
        ranges.forEach((tp, range) -> {
            if (ends.containsKey(tp)) {
                consumer.seek(tp, range[0]);
            }
        });
    }

    /** The next record, or {@code null} when every range has been read. */
    ConsumerRecord<byte[], byte[]> next() {
        while (!starved.isEmpty()) {
            fill();
        }
        TopicPartition tp = heads.poll();
        if (tp == null) {
            return null;
        }
        ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(tp);
        ConsumerRecord<byte[], byte[]> record = buffer.pollFirst();
        if (!buffer.isEmpty()) {
            heads.add(tp);
        } else if (fetching.contains(tp)) {
            starved.add(tp);
        }
        if (paused.contains(tp) && buffer.size() < MAX_BUFFERED / 2) {
            consumer.resume(List.of(tp));
            paused.remove(tp);
        }
        return record;
    }

    private void fill() {
        long deadline = System.nanoTime() + stallTimeout.toNanos();
        while (true) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            boolean progress = !records.isEmpty();
            for (TopicPartition tp : records.partitions()) {
                ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(tp);
                boolean wasEmpty = buffer.isEmpty();
                long end = ends.get(tp);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (record.offset() < end) {
                        buffer.addLast(record);
                    }
                }
                if (wasEmpty && !buffer.isEmpty()) {
                    heads.add(tp);
                    starved.remove(tp);
                }
                if (buffer.size() >= MAX_BUFFERED && fetching.contains(tp) && paused.add(tp)) {
                    consumer.pause(List.of(tp));
                }
            }
            for (TopicPartition tp : List.copyOf(fetching)) {
                if (consumer.position(tp) >= ends.get(tp)) {
                    fetching.remove(tp);
                    starved.remove(tp);
                    progress = true;
                    if (paused.add(tp)) {
                        consumer.pause(List.of(tp));
                    }
                }
            }
            if (progress) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka delivered nothing for " + stallTimeout.toSeconds()
                        + " s while partitions " + starved + " still had records to read");
            }
        }
    }
}
