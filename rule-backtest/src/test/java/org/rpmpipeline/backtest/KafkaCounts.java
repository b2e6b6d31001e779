package org.rpmpipeline.backtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Test helper: end offsets, committed group offsets and the committed records of topics. */
final class KafkaCounts {
    private final String bootstrap;

    KafkaCounts(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The sum of the end offsets of {@code topic}'s partitions (grows with every record and marker). */
    long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** The sum of {@code group}'s committed offsets on {@code topic}. */
    long committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    /**
     * Whether {@code group} has committed past every committed record {@code topic} holds now (transaction
     * markers, which follow a transaction's records, do not count).
     */
    boolean consumedAll(String group, String topic) throws Exception {
        Map<TopicPartition, Long> next = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            readToEnd(consumer, partitions, ends, r -> next.merge(new TopicPartition(r.topic(), r.partition()),
                    r.offset() + 1, Math::max));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return next.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue());
        }
    }

    /** Every committed record of {@code topic}, decoded by {@code decode}, read to its current end. */
    <T> List<T> records(String topic, Function<byte[], T> decode) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            readToEnd(consumer, partitions, ends, r -> {
                if (r.value() != null) {
                    out.add(decode.apply(r.value()));
                }
            });
        }
        return out;
    }

    private static void readToEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " to the end");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
