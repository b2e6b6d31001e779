package org.rpmpipeline.alerts.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rpmpipeline.contract.topic.Topic;
import org.tinylog.Logger;

/**
 * One thread polling one topic: decode each record, hand it to a {@link RecordHandler}, wait until every Kafka
 * send the batch started is acknowledged, then commit the batch's offsets. A record that does not decode is
 * counted and skipped (it would never decode on retry); a failed send or commit rewinds the consumer to the
 * batch's start and polls it again after an exponential backoff, so nothing is committed that was not delivered
 * and the consumer keeps its group membership while Kafka is away. A handler that holds records in memory across
 * batches (SampledData groups) says so through {@link RecordHandler#retainFrom}: commits stop before them and a
 * failed batch rewinds to them.
 */
public final class ConsumerLoop<V> implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final Map<String, Topic<String, V>> topics = new HashMap<>();
    private final Map<String, Object> consumerConfig;
    private final RecordHandler<V> handler;
    private final Backoff backoff;
    private final Counter undecodable;
    private final Counter skipped;
    private final Counter retried;
    private final MeterRegistry metrics;
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** What the handler retained per partition when the current batch started: a failed batch rewinds to it. */
    private final Map<TopicPartition, Long> retainedAtStart = new HashMap<>();
    private volatile boolean assigned;
    private Publisher transactions;
    private int failures;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** The consumer's own client metrics (lag, fetch rates), served with the service's. */
    private KafkaClientMetrics clientMetrics;
    private Thread thread;

    public ConsumerLoop(String name, Topic<String, V> topic, Map<String, Object> consumerConfig,
            RecordHandler<V> handler, Backoff backoff, MeterRegistry metrics) {
        this(name, List.of(topic), consumerConfig, handler, backoff, metrics);
    }

    /**
     * A loop whose batches run in {@code publisher}'s transactions: every record the handler sends through it and
     * the batch's offsets commit together, or not at all.
     */
    public ConsumerLoop<V> transactional(Publisher publisher) {
        if (!publisher.transactional()) {
            throw new IllegalArgumentException("the publisher has no transactional.id");
        }
        this.transactions = publisher;
        return this;
    }

    /** A loop over several topics of the same key and value types. */
    public ConsumerLoop(String name, List<Topic<String, V>> topics, Map<String, Object> consumerConfig,
            RecordHandler<V> handler, Backoff backoff, MeterRegistry metrics) {
        this.name = name;
        topics.forEach(topic -> this.topics.put(topic.name(), topic));
        String topic = String.join(",", new TreeSet<>(this.topics.keySet()));
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.handler = handler;
        this.backoff = backoff;
        this.undecodable = metrics.counter("rpm.alerts.records.undecodable", "topic", topic);
        this.skipped = metrics.counter("rpm.alerts.records.rejected", "topic", topic);
        this.retried = metrics.counter("rpm.alerts.batches.retried", "topic", topic);
        this.metrics = metrics;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(metrics);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the consumer has joined its group and received its first assignment. */
    public boolean isAssigned() {
        return assigned && thread != null && thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.copyOf(topics.keySet()), new Rebalance());
            while (stopping.getCount() > 0) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    processOrRewind(records);
                } else {
                    handler.onIdle();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            Logger.error(e, "consumer loop stopped [loop: {}]", name);
        } finally {
            assigned = false;
            clientMetrics.close();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void processOrRewind(ConsumerRecords<byte[], byte[]> records) {
        try {
            process(records);
            failures = 0;
        } catch (ExecutionException | KafkaException e) {
            if (e instanceof WakeupException wakeup) {
                throw wakeup;
            }
            if (transactions != null) {
                transactions.abortTransaction();
            }
            handler.onBatchFailed();
            rewind(records);
            retried.increment();
            Duration wait = backoff.delay(failures++);
            Logger.warn("batch delivery failed, retrying [loop: {}, attempt: {}, wait: {}, error: {}]", name,
                    failures, wait, rootMessage(e));
            await(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (transactions != null) {
                transactions.abortTransaction();
            }
            handler.onBatchFailed();
            rewind(records);
        }
    }

    /** Seeks back to the batch's first record in every partition still assigned, so the next poll re-reads it. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> targets = new HashMap<>(retainedAtStart);
        for (TopicPartition partition : records.partitions()) {
            targets.merge(partition, records.records(partition).get(0).offset(), Math::min);
        }
        targets.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    private void process(ConsumerRecords<byte[], byte[]> records) throws ExecutionException, InterruptedException {
        if (transactions != null) {
            transactions.beginTransaction();
        }
        retainedAtStart.clear();
        for (TopicPartition partition : consumer.assignment()) {
            handler.retainFrom(partition).ifPresent(offset -> retainedAtStart.put(partition, offset));
        }
        handler.onBatchStart();
        List<Future<?>> pending = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Topic<String, V> topic = topics.get(record.topic());
            V value;
            try {
                value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (KafkaException e) {
                undecodable.increment();
                // the class only: a parser message can quote the payload, which may hold patient data
                Logger.warn("skipping undecodable record [topic: {}, partition: {}, offset: {}, error: {}]",
                        record.topic(), record.partition(), record.offset(), rootClass(e));
                continue;
            }
            if (value == null) {
                continue;
            }
            String key = record.key() == null ? null : topic.keySerde().deserializer().deserialize(topic.name(),
                    record.key());
            try {
                pending.addAll(handler.handle(key, value, record.headers(),
                        new TopicPartition(record.topic(), record.partition()), record.offset()));
            } catch (RuntimeException e) {
                skipped.increment();
                Logger.warn("skipping record the handler rejected [topic: {}, partition: {}, offset: {}, error: {}]",
                        record.topic(), record.partition(), record.offset(), rootClass(e));
            }
        }
        pending.addAll(handler.onBatchEnd());
        for (Future<?> future : pending) {
            future.get();
        }
        if (transactions != null) {
            transactions.commitTransaction(nextOffsets(records), consumer.groupMetadata());
        } else {
            consumer.commitSync(nextOffsets(records));
        }
    }

    /** After the batch, but never past what the handler still holds in memory only. */
    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
            long next = list.get(list.size() - 1).offset() + 1;
            long retained = handler.retainFrom(partition).orElse(next);
            offsets.put(partition, new OffsetAndMetadata(Math.min(next, retained)));
        }
        return offsets;
    }

    private void await(Duration wait) {
        try {
            if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootClass(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        stopping.countDown();
        if (running == null) {
            return;
        }
        consumer.wakeup();
        try {
            running.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            handler.onPartitionsAssigned(consumer, partitions);
            assigned = true;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            handler.onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            handler.onPartitionsRevoked(partitions);
        }
    }
}
