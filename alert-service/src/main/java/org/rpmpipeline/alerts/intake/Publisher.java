package org.rpmpipeline.alerts.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.rpmpipeline.contract.topic.Topic;

/**
 * Sends typed records to catalogue topics through one idempotent producer ({@code acks=all}), optionally
 * transactional (a consumer loop then commits its offsets inside the transaction). A send that fails
 * before reaching the producer's buffer comes back as a failed future, so callers handle every infrastructure
 * failure in one place: when they wait for the acknowledgement.
 */
public final class Publisher implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final boolean transactional;
    private KafkaClientMetrics clientMetrics;

    public Publisher(Map<String, Object> producerConfig) {
        this(new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
                producerConfig.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    /** A publisher over {@code producer} (tests pass a {@code MockProducer}). */
    Publisher(Producer<byte[], byte[]> producer, boolean transactional) {
        this.producer = producer;
        this.transactional = transactional;
        if (transactional) {
            producer.initTransactions();
        }
    }

    /** Serves the producer's own client metrics (send rates, errors, request latency) in {@code registry}. */
    public synchronized Publisher withMetrics(MeterRegistry registry) {
        if (clientMetrics != null) {
            throw new IllegalStateException("the producer's metrics are already bound");
        }
        clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        return this;
    }

    /** True if this publisher's sends are grouped into transactions ({@code transactional.id} configured). */
    public boolean transactional() {
        return transactional;
    }

    public void beginTransaction() {
        producer.beginTransaction();
    }

    /** Commits the sends since {@link #beginTransaction()} together with the consumer offsets. */
    public void commitTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
    }

    /** Aborts the open transaction, if any; its records are never seen by read_committed consumers. */
    public void abortTransaction() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            // nothing open, or the producer is already in error: the next begin fails loudly if it matters
        }
    }

    public <V> Future<RecordMetadata> send(Topic<String, V> topic, String key, V value, Map<String, String> headers) {
        try {
            RecordHeaders recordHeaders = new RecordHeaders();
            headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
            byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
            byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            return producer.send(new ProducerRecord<>(topic.name(), null, keyBytes, valueBytes, recordHeaders));
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (clientMetrics != null) {
                clientMetrics.close();
            }
        }
        producer.close();
    }
}
