package org.rpmpipeline.alerts.console;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * Reads what the console shows into {@link ConsoleState}, on a thread of its own, with a consumer that is in no
 * group: it is assigned every partition of its topics, so each instance sees every patient, and it commits
 * nothing. Compacted and event-sourced topics ({@code rpm.alerts}, {@code rpm.devices},
 * {@code rpm.device-status}, {@code rpm.patient-thresholds}) are read from the start; {@code rpm.findings} from
 * {@code findingsLookback} ago, {@code rpm.audit} and {@code rpm.adherence} from {@code historyLookback} ago.
 * It reads committed records only, so an alert change whose transaction was rolled back never shows. Partitions
 * that appear later (a topic created after start) are picked up within {@link #REFRESH}. A record that does not
 * decode is counted and skipped.
 */
final class ConsoleFeed implements AutoCloseable {
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final ConsoleState state;
    private final Map<String, Object> consumerConfig;
    private final Clock clock;
    private final Duration findingsLookback;
    private final Duration historyLookback;
    private final Runnable onChange;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean caughtUp;
    private volatile long undecodable;
    private boolean started;
    private final Object idle = new Object();

    ConsoleFeed(ConsoleState state, Map<String, Object> consumerConfig, Clock clock, Duration findingsLookback,
            Duration historyLookback, Runnable onChange) {
        this.state = state;
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.clock = clock;
        this.findingsLookback = findingsLookback;
        this.historyLookback = historyLookback;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "rpm-console-feed");
        this.thread.setDaemon(true);
    }

    void start() {
        if (running.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /** True once everything that was on the topics when the feed started has been read. */
    boolean caughtUp() {
        return caughtUp;
    }

    long undecodable() {
        return undecodable;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            Set<TopicPartition> assigned = new HashSet<>();
            Map<TopicPartition, Long> startEnd = Map.of();
            long nextRefresh = 0;
            while (running.get()) {
                if (System.nanoTime() >= nextRefresh) {
                    Set<TopicPartition> added = assign(kafka, assigned);
                    if (!added.isEmpty() && !caughtUp) {
                        startEnd = new HashMap<>(startEnd);
                        startEnd.putAll(kafka.endOffsets(added));
                    }
                    nextRefresh = System.nanoTime() + REFRESH.toNanos();
                }
                if (assigned.isEmpty()) {
                    // none of the topics exists yet: look again at the next refresh
                    pause();
                    continue;
                }
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                boolean changed = false;
                for (ConsumerRecord<String, byte[]> record : records) {
                    changed |= handle(record);
                }
                if (changed) {
                    onChange.run();
                }
                if (!caughtUp && !assigned.isEmpty() && reached(kafka, startEnd)) {
                    caughtUp = true;
                    Logger.info("console feed caught up [partitions: {}]", assigned.size());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            Logger.error("console feed stopped [exception: {}]", e.getClass().getName());
            Logger.debug(e, "console feed stopped");
        } finally {
            consumer = null;
        }
    }

    /** Assigns partitions not yet assigned and seeks each to where its topic is read from; returns them. */
    private Set<TopicPartition> assign(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> assigned) {
        Set<TopicPartition> added = new HashSet<>();
        for (Topic<String, ?> topic : topics()) {
            List<PartitionInfo> partitions = kafka.partitionsFor(topic.name(), Duration.ofSeconds(10));
            if (partitions == null) {
                continue;
            }
            for (PartitionInfo info : partitions) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (assigned.add(tp)) {
                    added.add(tp);
                }
            }
        }
        if (added.isEmpty()) {
            return added;
        }
        kafka.assign(new ArrayList<>(assigned));
        Map<TopicPartition, Long> fromTimes = new HashMap<>();
        List<TopicPartition> fromStart = new ArrayList<>();
        boolean first = !started;
        started = true;
        for (TopicPartition tp : added) {
            // a partition that appears later is new: all of it is read
            Duration lookback = first ? lookback(tp.topic()) : null;
            if (lookback == null) {
                fromStart.add(tp);
            } else {
                fromTimes.put(tp, clock.instant().minus(lookback).toEpochMilli());
            }
        }
        kafka.seekToBeginning(fromStart);
        if (!fromTimes.isEmpty()) {
            // the ends are taken first: a partition with nothing newer than the lookback is read from its end as
            // it was then, so a record written meanwhile is not skipped
            Map<TopicPartition, Long> ends = kafka.endOffsets(fromTimes.keySet());
            Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(fromTimes);
            offsets.forEach((tp, offset) -> kafka.seek(tp, offset == null ? ends.get(tp) : offset.offset()));
        }
        Logger.debug("console feed assigned [new partitions: {}]", added.size());
        return added;
    }

    private void pause() {
        synchronized (idle) {
            try {
                if (running.get()) {
                    idle.wait(REFRESH.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Where a topic is read from: {@code null} = its start, else this long ago. */
    private Duration lookback(String topic) {
        if (topic.equals(Topics.FINDINGS.name())) {
            return findingsLookback;
        }
        if (topic.equals(Topics.AUDIT.name()) || topic.equals(Topics.ADHERENCE.name())) {
            return historyLookback;
        }
        return null;
    }

    private static List<Topic<String, ?>> topics() {
        return List.of(Topics.ALERTS, Topics.FINDINGS, Topics.AUDIT, Topics.DEVICES, Topics.DEVICE_STATUS,
                Topics.PATIENT_THRESHOLDS, Topics.ADHERENCE);
    }

    /** Applies one record; true if it may change what the worklist shows. */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            if (topic.equals(Topics.ALERTS.name())) {
                if (record.value() != null) {
                    state.apply(decode(Topics.ALERTS, record));
                    return true;
                }
            } else if (topic.equals(Topics.FINDINGS.name())) {
                if (record.value() != null) {
                    state.applyFinding(decode(Topics.FINDINGS, record));
                    return true;
                }
            } else if (topic.equals(Topics.AUDIT.name())) {
                if (record.value() != null) {
                    state.applyAudit(decode(Topics.AUDIT, record));
                    return true;
                }
            } else if (topic.equals(Topics.DEVICES.name())) {
                state.applyBinding(record.key(), record.value() == null ? null : decode(Topics.DEVICES, record));
            } else if (topic.equals(Topics.DEVICE_STATUS.name())) {
                state.applyDeviceStatus(record.key(),
                        record.value() == null ? null : decode(Topics.DEVICE_STATUS, record));
            } else if (topic.equals(Topics.PATIENT_THRESHOLDS.name())) {
                if (record.key() != null) {
                    state.applySettings(record.key(),
                            record.value() == null ? null : decode(Topics.PATIENT_THRESHOLDS, record));
                }
            } else if (topic.equals(Topics.ADHERENCE.name()) && record.value() != null) {
                state.applyAdherence(decode(Topics.ADHERENCE, record));
            }
        } catch (RuntimeException e) {
            undecodable++;
            // the class only: a parser message can quote the payload
            Logger.warn("console feed skipped a record [topic: {}, partition: {}, offset: {}, exception: {}]",
                    topic, record.partition(), record.offset(), e.getClass().getSimpleName());
        }
        return false;
    }

    private static <V> V decode(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        return value;
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            KafkaConsumer<String, byte[]> kafka = consumer;
            if (kafka != null) {
                kafka.wakeup();
            }
            synchronized (idle) {
                idle.notifyAll();
            }
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
