package org.rpmpipeline.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * Watches the pipeline's output topics from the beginning and counts what each holds; tells a listener about every
 * alert state change as it arrives. It reads with its own consumer and no group, so it changes nothing.
 */
public final class PipelineMonitor implements AutoCloseable {
    /** The topics counted, in the order a summary lists them. */
    public static final List<Topic<?, ?>> WATCHED = List.of(Topics.READINGS, Topics.REJECTED, Topics.FINDINGS,
            Topics.ALERTS, Topics.NOTIFICATIONS, Topics.OBSERVATIONS, Topics.FHIR_RESOURCES);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Consumer<Alert> onAlert;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public PipelineMonitor(String bootstrapServers, Consumer<Alert> onAlert) {
        this(bootstrapServers, WATCHED, onAlert);
    }

    /**
     * A monitor of {@code topics} only: the stack watches {@code rpm.alerts} alone, so that under load it does not
     * read every reading a second time.
     */
    public PipelineMonitor(String bootstrapServers, List<Topic<?, ?>> topics, Consumer<Alert> onAlert) {
        this.onAlert = onAlert;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            counts.put(topic.name(), new LongAdder());
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "rpm-pipeline-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many records {@code topic} holds so far. */
    public long count(Topic<?, ?> topic) {
        LongAdder adder = counts.get(topic.name());
        return adder == null ? 0 : adder.sum();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    counts.get(record.topic()).increment();
                    if (record.topic().equals(Topics.ALERTS.name()) && record.value() != null) {
                        onAlert.accept(Topics.ALERTS.valueSerde().deserializer()
                                .deserialize(record.topic(), record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            Logger.error(e, "pipeline monitor stopped");
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
