package org.rpmpipeline.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class PartitionMergeTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void mergesByKafkaTimeKeepingEachPartitionsOffsetOrder() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        ranges.put(P0, new long[] {0, 3});
        ranges.put(P1, new long[] {1, 3});
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        // partition 0's clock steps back at offset 2: its order is kept
        consumer.schedulePollTask(() -> {
            add(consumer, P0, 0, 100, "a");
            add(consumer, P1, 1, 150, "y");
            add(consumer, P0, 1, 300, "b");
        });
        consumer.schedulePollTask(() -> {
            add(consumer, P0, 2, 200, "c");
            add(consumer, P1, 2, 250, "z");
            add(consumer, P0, 3, 50, "beyond the range");
        });
        PartitionMerge merge = new PartitionMerge(consumer, ranges, Duration.ofSeconds(5));

        List<String> order = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r = merge.next(); r != null; r = merge.next()) {
            order.add(new String(r.value(), StandardCharsets.UTF_8));
        }

        assertThat(order).containsExactly("a", "y", "z", "b", "c");
    }

    @Test
    void emptyRangesGiveNothing() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        PartitionMerge merge = new PartitionMerge(consumer, Map.of(P0, new long[] {5, 5}), Duration.ofSeconds(1));

        assertThat(merge.next()).isNull();
    }

    private static void add(MockConsumer<byte[], byte[]> consumer, TopicPartition tp, long offset, long timestamp,
            String value) {
        consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, timestamp,
                TimestampType.CREATE_TIME, 0, 0, "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), java.util.Optional.empty()));
    }
}
