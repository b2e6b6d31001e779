package org.rpmpipeline.sim.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.sim.SimulatorConfig;
import org.tinylog.Logger;

/**
 * {@code --verify}: reads {@code rpm.readings}, {@code rpm.rejected}, {@code rpm.findings} and
 * {@code rpm.notifications} from their current end (no consumer group, nothing committed) and feeds a
 * {@link Tally}. It reads committed records only ({@code isolation.level=read_committed}): the alert service
 * writes notifications in transactions, and the records of an aborted one (a batch retried, a crash) were never
 * part of the outcome. Start it before the simulator so nothing published is missed: {@link #start()} fixes where
 * each partition is read from. Reading itself begins with {@link #awaitSettled}, once publishing is over: every
 * latency is a time the producing service set (a reading's or notification's Kafka timestamp, a finding's
 * {@code detectedAt}) minus the publish time, so reading the records later changes none of them, and the
 * simulator's own consumer does not take CPU from the system under test while the load is on.
 */
public final class DownstreamVerifier implements AutoCloseable {
    private static final List<String> TOPICS = List.of(Topics.READINGS.name(), Topics.REJECTED.name(),
            Topics.FINDINGS.name(), Topics.NOTIFICATIONS.name());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Tally tally;
    private final Thread poller;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object progress = new Object();
    private volatile Throwable failure;

    public DownstreamVerifier(SimulatorConfig.Verify verify, Tally tally) {
        Map<String, Object> props = new HashMap<>(verify.kafkaOverrides());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, verify.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "rpm-sim-verify");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.tally = tally;
        this.poller = new Thread(this::poll, "rpm-sim-verify");
        this.poller.setDaemon(true);
    }

    /** Assigns every partition of the four topics at their end; polling starts with {@link #awaitSettled}. */
    public void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on the Kafka cluster");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Logger.info("verifying downstream [partitions: {}]", partitions.size());
    }

    /**
     * Waits for the downstream outcome of a run: first until every acknowledged message is accounted for (a
     * reading or a rejection), or until {@code grace} passes without one arriving; then until nothing at all
     * (reading, rejection, finding, notification) has arrived for {@code settle}, because findings and
     * notifications follow their readings, later still after a service restarted. The whole wait ends after
     * {@code timeout} at most. Returns true if every message was accounted for.
     */
    public boolean awaitSettled(Duration grace, Duration settle, Duration timeout) throws InterruptedException {
        if (running.compareAndSet(false, true)) {
            poller.start();
        }
        long end = System.nanoTime() + timeout.toNanos();
        boolean accounted = awaitAccounted(grace, end);
        if (!awaitQuiet(settle, end)) {
            Logger.warn("records still arriving downstream when the verify timeout ran out [timeout: {}]", timeout);
        }
        return accounted;
    }

    /** Until every message is accounted for; false after {@code grace} without progress, or at {@code end}. */
    private boolean awaitAccounted(Duration grace, long end) throws InterruptedException {
        long last = tally.seen();
        long giveUp = System.nanoTime() + grace.toNanos();
        while (!tally.settled()) {
            long now = System.nanoTime();
            if (now - giveUp >= 0 || now - end >= 0) {
                return false;
            }
            awaitProgress(Math.min(giveUp - now, end - now));
            long seen = tally.seen();
            if (seen != last) {
                last = seen;
                giveUp = System.nanoTime() + grace.toNanos();
            }
        }
        return true;
    }

    /** Until nothing has arrived downstream for {@code settle}; false if {@code end} comes first. */
    private boolean awaitQuiet(Duration settle, long end) throws InterruptedException {
        long last = tally.arrivals();
        long quietAt = System.nanoTime() + settle.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (now - quietAt >= 0) {
                return true;
            }
            if (now - end >= 0) {
                return false;
            }
            awaitProgress(Math.min(quietAt - now, end - now));
            long arrivals = tally.arrivals();
            if (arrivals != last) {
                last = arrivals;
                quietAt = System.nanoTime() + settle.toNanos();
            }
        }
    }

    private void awaitProgress(long maxNanos) throws InterruptedException {
        if (failure != null) {
            throw new IllegalStateException("the verifying consumer failed", failure);
        }
        synchronized (progress) {
            progress.wait(Math.max(1, Math.min(200, maxNanos / 1_000_000)));
        }
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            try {
                poller.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (!poller.isAlive()) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void poll() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            Logger.error(e, "the verifying consumer stopped");
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        String correlation = header(record, HeaderNames.CORRELATION_ID);
        try {
            if (record.topic().equals(Topics.READINGS.name())) {
                Reading reading = Topics.READINGS.valueSerde().deserializer().deserialize(record.topic(),
                        record.value());
                tally.reading(reading, correlation, record.timestamp());
            } else if (record.topic().equals(Topics.REJECTED.name())) {
                RejectedMessage rejected = Topics.REJECTED.valueSerde().deserializer().deserialize(record.topic(),
                        record.value());
                tally.rejected(rejected.correlationId() != null ? rejected.correlationId() : correlation);
            } else if (record.topic().equals(Topics.FINDINGS.name())) {
                Finding finding = Topics.FINDINGS.valueSerde().deserializer().deserialize(record.topic(),
                        record.value());
                tally.finding(finding, correlation, record.timestamp());
            } else {
                Notification notification = Topics.NOTIFICATIONS.valueSerde().deserializer()
                        .deserialize(record.topic(), record.value());
                tally.notification(notification.notificationId(), correlation, record.timestamp());
            }
        } catch (RuntimeException e) {
            Logger.debug("skipping an undecodable record [topic: {}, offset: {}, error: {}]", record.topic(),
                    record.offset(), e.toString());
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
