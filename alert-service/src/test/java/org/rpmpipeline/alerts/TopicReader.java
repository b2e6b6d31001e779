package org.rpmpipeline.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rpmpipeline.contract.topic.Topic;

/** Reads every record of one topic from the beginning, accumulating as tests poll it. Not thread-safe. */
public final class TopicReader<V> implements AutoCloseable {
    private final Topic<String, V> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<String, V>> records = new CopyOnWriteArrayList<>();

    public TopicReader(String bootstrapServers, Topic<String, V> topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // a topic created moments ago may not be in this client's metadata yet
        List<TopicPartition> partitions = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> consumer.partitionsFor(topic.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList(), list -> !list.isEmpty());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once and returns everything read so far. */
    public List<V> values() {
        return records().stream().map(ConsumerRecord::value).toList();
    }

    /** Polls until every record on the topic now (at the read_committed end) is read; returns all values. */
    public List<V> valuesToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            records();
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return values();
    }

    /** Polls once and returns every record read so far, decoded. */
    public List<ConsumerRecord<String, V>> records() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                    topic.keySerde().deserializer().deserialize(r.topic(), r.key()),
                    topic.valueSerde().deserializer().deserialize(r.topic(), r.value())));
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
