package org.rpmpipeline.gateway.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.tinylog.Logger;

/**
 * Writes records to Kafka with {@code acks=all} and idempotence, and tells the caller when <em>all</em> records
 * of one MQTT message are settled: that is when the gateway may PUBACK it.
 *
 * <ul>
 *   <li>A transient failure (Kafka away, timeout, leader election, failed login) is retried with a bounded
 *       backoff, never dropped and never reported as settled; while sends fail or stall the publisher reports
 *       itself unhealthy.</li>
 *   <li>A record Kafka refuses for good (too large, invalid, not serializable, not authorized) is never retried:
 *       once the message's other records are settled, the {@link Fallback} gives smaller records to write
 *       instead (a dead letter, then one without payload), and the message is settled when those are written.</li>
 *   <li>Should Kafka refuse even the last, smallest fallback record because of that record itself, the message is
 *       given up: settled, logged at ERROR and counted. Should it refuse it because the gateway may not write the
 *       dead-letter topic at all, that record is retried like a transient failure: acknowledging would lose the
 *       message without any trace, and the fix (an ACL) lies outside the message.</li>
 * </ul>
 */
public final class KafkaPublisher implements AutoCloseable {
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    /** Observes sends, for metrics. */
    public interface Listener {
        void sent(String topic, long nanos);

        /** A send failed and will be retried. */
        void failed(String topic, Exception e);

        /** Kafka refused a record for good; it is not retried. */
        default void refused(String topic, Exception e) {
        }

        /** A message was settled without any of its records in Kafka. */
        default void dropped() {
        }
    }

    /** Smaller records to write once Kafka refused one of a message's records for good. */
    @FunctionalInterface
    public interface Fallback {
        /** No fallback: a refused record gives the message up. */
        Fallback NONE = (level, refusal) -> Optional.empty();

        /**
         * The records for fallback {@code level} (1, 2, ...), each level smaller than the one before, or empty
         * when there is nothing smaller to try.
         */
        Optional<List<ProducerRecord<byte[], byte[]>>> records(int level, Exception refusal);
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

    /** Like {@link #publish(List, Fallback, Runnable)} without a fallback. */
    public void publish(List<ProducerRecord<byte[], byte[]>> records, Runnable onSettled) {
        publish(records, Fallback.NONE, onSettled);
    }

    /**
     * Sends {@code records}; runs {@code onSettled} once every one of them is acknowledged by Kafka, or, for those
     * Kafka refused for good, once the fallback's records are (or the message was given up). Never blocks on
     * Kafka availability beyond the producer's {@code max.block.ms}; never throws.
     */
    public void publish(List<ProducerRecord<byte[], byte[]>> records, Fallback fallback, Runnable onSettled) {
        publish(new Delivery(records.size(), fallback, onSettled, 0), records);
    }

    private void publish(Delivery delivery, List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            settled(delivery.onSettled);
            return;
        }
        for (ProducerRecord<byte[], byte[]> record : records) {
            if (pending.getAndIncrement() == 0) {
                lastProgress.set(System.nanoTime());
            }
            send(record, delivery, 0);
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

    private void send(ProducerRecord<byte[], byte[]> record, Delivery delivery, int attempt) {
        if (closed.get()) {
            return;
        }
        long started = System.nanoTime();
        try {
            producer.send(record, (RecordMetadata metadata, Exception e) -> {
                if (e == null) {
                    delivered(record, started, delivery);
                } else {
                    failed(record, delivery, attempt, e);
                }
            });
        } catch (RuntimeException e) {
            failed(record, delivery, attempt, e);
        }
    }

    private void delivered(ProducerRecord<byte[], byte[]> record, long started, Delivery delivery) {
        long now = System.nanoTime();
        lastProgress.set(now);
        pending.decrementAndGet();
        if (failing.compareAndSet(true, false)) {
            Logger.info("Kafka writes succeed again");
        }
        listener.sent(record.topic(), now - started);
        recordSettled(delivery);
    }

    private void failed(ProducerRecord<byte[], byte[]> record, Delivery delivery, int attempt, Exception e) {
        if (closed.get()) {
            return;
        }
        KafkaErrors kind = KafkaErrors.of(e);
        if (kind == KafkaErrors.TRANSIENT || (kind == KafkaErrors.ACCESS && delivery.lastResort(e))) {
            retryLater(record, delivery, attempt, e);
            return;
        }
        Logger.warn("Kafka refused a record for good, not retrying it [topic: {}, error: {}]", record.topic(),
                e.toString());
        listener.refused(record.topic(), e);
        lastProgress.set(System.nanoTime());
        pending.decrementAndGet();
        delivery.refusal.compareAndSet(null, e);
        recordSettled(delivery);
    }

    private void recordSettled(Delivery delivery) {
        if (delivery.remaining.decrementAndGet() > 0) {
            return;
        }
        Exception refusal = delivery.refusal.get();
        if (refusal == null) {
            settled(delivery.onSettled);
            return;
        }
        Optional<List<ProducerRecord<byte[], byte[]>>> next = delivery.next(refusal);
        if (next.isPresent()) {
            publish(new Delivery(next.get().size(), delivery.fallback, delivery.onSettled, delivery.level + 1),
                    next.get());
            return;
        }
        Logger.error("message given up: Kafka refused even its smallest dead letter; it is acknowledged without"
                + " any record in Kafka [error: {}]", refusal.toString());
        listener.dropped();
        settled(delivery.onSettled);
    }

    private static void settled(Runnable onSettled) {
        try {
            onSettled.run();
        } catch (RuntimeException e) {
            Logger.warn(e, "delivery callback failed");
        }
    }

    private void retryLater(ProducerRecord<byte[], byte[]> record, Delivery delivery, int attempt, Exception e) {
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
            retries.schedule(() -> send(record, delivery, attempt + 1), delay, TimeUnit.MILLISECONDS);
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

    /** Records handed to Kafka and not yet settled. */
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

    /** The records of one message at one fallback level. */
    private static final class Delivery {
        final AtomicInteger remaining;
        final AtomicReference<Exception> refusal = new AtomicReference<>();
        final Fallback fallback;
        final Runnable onSettled;
        final int level;
        private Optional<List<ProducerRecord<byte[], byte[]>>> next;

        Delivery(int records, Fallback fallback, Runnable onSettled, int level) {
            this.remaining = new AtomicInteger(records);
            this.fallback = fallback;
            this.onSettled = onSettled;
            this.level = level;
        }

        /** The next level's records, asked of the fallback once (it may build them). */
        synchronized Optional<List<ProducerRecord<byte[], byte[]>>> next(Exception refusal) {
            if (next == null) {
                try {
                    next = fallback.records(level + 1, refusal);
                } catch (RuntimeException e) {
                    Logger.warn(e, "fallback records could not be built");
                    next = Optional.empty();
                }
            }
            return next;
        }

        /** True when nothing smaller comes after these records. */
        boolean lastResort(Exception refusal) {
            return next(refusal).isEmpty();
        }
    }
}
