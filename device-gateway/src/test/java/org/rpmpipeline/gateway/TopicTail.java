package org.rpmpipeline.gateway;

import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rpmpipeline.contract.topic.Topic;

/** Reads a whole topic from the beginning, for integration tests; values decoded with the topic's serde. */
final class TopicTail<V> implements AutoCloseable {
    /**
     * One record as read.
     *
     * @param bytes the record's key, value and header bytes as stored
     */
    record Item<V>(String key, V value, Map<String, String> headers, int partition, long bytes) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final Topic<String, V> topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Item<V>> items = new ArrayList<>();

    TopicTail(String bootstrapServers, Topic<String, V> topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, after one more poll. */
    synchronized List<Item<V>> poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            Map<String, String> headers = new HashMap<>();
            long bytes = Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
            for (Header h : r.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                bytes += h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
            }
            V value = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
            items.add(new Item<>(r.key(), value, headers, r.partition(), bytes));
        }
        return List.copyOf(items);
    }

    /** Waits until {@code count} items match and returns them. */
    List<Item<V>> await(Predicate<Item<V>> match, int count, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> poll().stream().filter(match).count() >= count);
        return poll().stream().filter(match).toList();
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
