package org.rpmpipeline.gateway.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.tinylog.Logger;

/**
 * Writes records to Kafka with {@code acks=all} and idempotence, and tells the caller when <em>all</em> records
 * of one MQTT message are durably written: that is when the gateway may PUBACK it. A send that fails (Kafka
 * away, timeout) is retried with a bounded backoff, never dropped, and never reported as delivered; while sends
 * fail or stall the publisher reports itself unhealthy.
 */
public final class KafkaPublisher implements AutoCloseable {
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    /** Observes sends, for metrics. */
    public interface Listener {
        void sent(String topic, long nanos);

        void failed(String topic, Exception e);
    }

    private final Producer<byte[], byte[]> producer;
    private final Listener listener;
    private final long stallNanos;
    private final ScheduledExecutorService retries;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    public KafkaPublisher(Producer<byte[], byte[]> producer, Duration stallTimeout, Listener listener) {
        this.producer = producer;
        this.listener = listener;
        this.stallNanos = stallTimeout.toNanos();
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpm-gateway-kafka-retry");
            t.setDaemon(true);
            return t;
        });
    }

    /** A producer for the gateway: {@code overrides} apply on top of the defaults, but never weaken durability. */
    public static KafkaProducer<byte[], byte[]> createProducer(String bootstrapServers, String clientId,
            Map<String, String> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        config.putAll(overrides);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends {@code records}; runs {@code onAllDelivered} once every one of them is acknowledged by Kafka. Never
     * blocks on Kafka availability beyond the producer's {@code max.block.ms}.
     */
    public void publish(List<ProducerRecord<byte[], byte[]>> records, Runnable onAllDelivered) {
        if (records.isEmpty()) {
            onAllDelivered.run();
            return;
        }
        AtomicInteger remaining = new AtomicInteger(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            if (pending.getAndIncrement() == 0) {
                lastProgress.set(System.nanoTime());
            }
            send(record, remaining, onAllDelivered, 0);
        }
    }

    /** Sends and waits, for the few records written at startup (the bindings file). */
    public void publishAndWait(List<ProducerRecord<byte[], byte[]>> records, Duration timeout) {
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + records.size() + " records to Kafka", e);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record, AtomicInteger remaining, Runnable onAllDelivered,
            int attempt) {
        if (closed.get()) {
            return;
        }
        long started = System.nanoTime();
        try {
            producer.send(record, (RecordMetadata metadata, Exception e) -> {
                if (e == null) {
                    delivered(record, started, remaining, onAllDelivered);
                } else {
                    retryLater(record, remaining, onAllDelivered, attempt, e);
                }
            });
        } catch (RuntimeException e) {
            retryLater(record, remaining, onAllDelivered, attempt, e);
        }
    }

    private void delivered(ProducerRecord<byte[], byte[]> record, long started, AtomicInteger remaining,
            Runnable onAllDelivered) {
        long now = System.nanoTime();
        lastProgress.set(now);
        pending.decrementAndGet();
        if (failing.compareAndSet(true, false)) {
            Logger.info("Kafka writes succeed again");
        }
        listener.sent(record.topic(), now - started);
        if (remaining.decrementAndGet() == 0) {
            try {
                onAllDelivered.run();
            } catch (RuntimeException e) {
                Logger.warn(e, "delivery callback failed");
            }
        }
    }

    private void retryLater(ProducerRecord<byte[], byte[]> record, AtomicInteger remaining, Runnable onAllDelivered,
            int attempt, Exception e) {
        if (closed.get()) {
            return;
        }
        if (failing.compareAndSet(false, true)) {
            Logger.warn("Kafka write failed, retrying until it succeeds [topic: {}, error: {}]", record.topic(),
                    e.toString());
        }
        listener.failed(record.topic(), e);
        long delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(attempt, 10));
        try {
            retries.schedule(() -> send(record, remaining, onAllDelivered, attempt + 1), delay,
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            Logger.debug("retry not scheduled, publisher closing [topic: {}]", record.topic());
        }
    }

    /** False while a write has failed since the last success, or a write has waited longer than the stall timeout. */
    public boolean healthy() {
        if (failing.get()) {
            return false;
        }
        return pending.get() == 0 || System.nanoTime() - lastProgress.get() < stallNanos;
    }

    /** Records handed to Kafka and not yet acknowledged. */
    public int pending() {
        return pending.get();
    }

    /** Stops retrying and closes the producer, waiting up to {@code timeout} for records already sent. */
    public void close(Duration timeout) {
        if (closed.compareAndSet(false, true)) {
            retries.shutdownNow();
            producer.close(timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
