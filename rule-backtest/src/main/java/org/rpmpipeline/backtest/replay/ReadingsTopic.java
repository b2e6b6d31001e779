package org.rpmpipeline.backtest.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.rpmpipeline.contract.topic.Topics;

/** What {@code rpm.readings} holds, and which offsets of it a window needs. */
public final class ReadingsTopic {
    private ReadingsTopic() {
    }

    /**
     * One partition's extent.
     *
     * @param logStartOffset the first offset still held; above 0 when retention (or a deletion) removed records
     * @param earliest the Kafka time of the first record still held, {@code null} if the partition is empty
     */
    public record PartitionSpan(int partition, long logStartOffset, long endOffset, Instant earliest) {
    }

    /** The partitions of {@code rpm.readings}, by number; empty if the topic does not exist. */
    public static List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.READINGS.name());
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(i -> new TopicPartition(Topics.READINGS.name(), i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    /** Each partition's first offset, end offset and earliest record time. */
    public static List<PartitionSpan> spans(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> zero = new HashMap<>();
        partitions.forEach(tp -> zero.put(tp, 0L));
        Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(zero);
        List<PartitionSpan> spans = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp earliest = first.get(tp);
            long start = starts.get(tp);
            long end = ends.get(tp);
            spans.add(new PartitionSpan(tp.partition(), start, end,
                    earliest == null || start >= end ? null : Instant.ofEpochMilli(earliest.timestamp())));
        }
        return spans;
    }

    /**
     * Why a window starting at {@code from} cannot be replayed, if it cannot: some partition has lost records to
     * retention (its log no longer starts at offset 0) and its earliest remaining record is later than
     * {@code from}. A partition that still holds everything it ever received starts where its data starts, so a
     * young topic is no reason to refuse. The message says how far back each partition reaches.
     */
    public static Optional<String> refusal(List<PartitionSpan> spans, Instant from) {
        List<PartitionSpan> truncated = spans.stream()
                .filter(s -> s.logStartOffset() > 0 && s.earliest() != null && s.earliest().isAfter(from)).toList();
        if (truncated.isEmpty()) {
            return Optional.empty();
        }
        Instant earliestCovered = truncated.stream().map(PartitionSpan::earliest).max(Comparator.naturalOrder())
                .orElseThrow();
        StringBuilder held = new StringBuilder();
        for (PartitionSpan s : spans) {
            held.append(held.isEmpty() ? "" : ", ").append("partition ").append(s.partition()).append(": ")
                    .append(s.earliest() == null ? "empty"
                            : "from " + s.earliest() + (s.logStartOffset() > 0 ? " (older records deleted)" : ""));
        }
        return Optional.of("cannot replay from " + from + ": " + Topics.READINGS.name()
                + " no longer holds readings that old (retention has deleted them). Readings held: " + held
                + ". The earliest window start with complete data is " + earliestCovered
                + " (use --from " + earliestCovered + " or later, or raise the topic's retention.ms).");
    }

    /** Per partition, {@code [start, end)} offsets of the records with Kafka time in {@code [from, to)}. */
    public static Map<TopicPartition, long[]> ranges(Consumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions, Instant from, Instant to) {
        Map<TopicPartition, Long> fromQuery = new HashMap<>();
        Map<TopicPartition, Long> toQuery = new HashMap<>();
        partitions.forEach(tp -> {
            fromQuery.put(tp, from.toEpochMilli());
            toQuery.put(tp, to.toEpochMilli());
        });
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(fromQuery);
        Map<TopicPartition, OffsetAndTimestamp> stops = consumer.offsetsForTimes(toQuery);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp start = starts.get(tp);
            OffsetAndTimestamp stop = stops.get(tp);
            long end = stop == null ? ends.get(tp) : stop.offset();
            ranges.put(tp, new long[] {start == null ? end : start.offset(), end});
        }
        return ranges;
    }
}
