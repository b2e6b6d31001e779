package org.rpmpipeline.demo.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Utils;
import org.rpmpipeline.contract.topic.Topic;

/** Every committed record of a topic ({@code read_committed}, from the start), collected on each {@link #poll()}. */
final class CommittedRecords<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<V> values = new ArrayList<>();

    CommittedRecords(String bootstrap, Topic<String, V> topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "crash-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
    }

    /** Everything read so far, after reading what has arrived since the last call. */
    List<V> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        return List.copyOf(values);
    }

    /**
     * A key of the form {@code prefix + n} that the default partitioner puts on {@code partition}: one such key per
     * partition, sent last, shows that everything sent before on every partition has been processed.
     */
    static String keyOnPartition(String prefix, int partition, int partitions) {
        for (int n = 0; ; n++) {
            String key = prefix + n;
            if (Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions
                    == partition) {
                return key;
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
