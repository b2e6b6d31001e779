package org.rpmpipeline.alerts.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertTimer;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * Rebuilds the {@link AlertStore} from the event-sourced {@code rpm.alerts} topic for the findings partitions this
 * instance owns, so dedup and the HTTP API survive restarts and scale by partition. Both topics are keyed by
 * patient id; when they have the same partition count, findings partition {@code p} is restored from alerts
 * partition {@code p} alone, else every alerts partition is read and filtered. It also reads back the snoozes and
 * escalation progress on {@code rpm.alert-timers} and the notifications delivered on
 * {@code rpm.notification-deliveries}.
 */
public final class AlertRestorer {
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerConfig;
    private final Duration timeout;

    /** {@code consumerConfig} needs bootstrap servers; group, offsets and deserializers are set here. */
    public AlertRestorer(Map<String, Object> consumerConfig, Duration timeout) {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig = Map.copyOf(props);
        this.timeout = timeout;
    }

    /** Loads the latest state of every alert of the patients on {@code findingsPartitions}; returns the count. */
    public int restore(AlertStore store, Collection<TopicPartition> findingsPartitions, int findingsPartitionCount) {
        if (findingsPartitions.isEmpty()) {
            return 0;
        }
        Predicate<String> owned = owns(findingsPartitions, findingsPartitionCount);
        int[] restored = {0};
        int partitions = read(Topics.ALERTS.name(), findingsPartitions, findingsPartitionCount, record -> {
            Alert alert = decode(Topics.ALERTS, record);
            if (alert != null && owned.test(alert.patientId())) {
                store.put(alert);
                restored[0]++;
            }
        });
        Logger.info("alerts restored [partitions: {}, records: {}, alerts: {}]", partitions, restored[0],
                store.size());
        return restored[0];
    }

    /**
     * The latest snooze and escalation records on the compacted {@code rpm.alert-timers} topic (one per key,
     * tombstones applied) of the patients on {@code findingsPartitions}. Its keys are not patient ids, so every
     * partition is read and filtered.
     */
    public Collection<AlertTimer> restoreTimers(Collection<TopicPartition> findingsPartitions,
            int findingsPartitionCount) {
        if (findingsPartitions.isEmpty()) {
            return List.of();
        }
        Predicate<String> owned = owns(findingsPartitions, findingsPartitionCount);
        Map<String, AlertTimer> latest = new LinkedHashMap<>();
        read(Topics.ALERT_TIMERS.name(), List.of(), 0, record -> {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (key == null) {
                return;
            }
            if (record.value() == null) {
                latest.remove(key);
                return;
            }
            AlertTimer timer = decode(Topics.ALERT_TIMERS, record);
            if (timer != null && owned.test(timer.patientId())) {
                latest.put(key, timer);
            }
        });
        Logger.info("alert timers restored [timers: {}]", latest.size());
        return List.copyOf(latest.values());
    }

    /**
     * The notifications delivered to the patients on {@code findingsPartitions} since {@code since}, from
     * {@code rpm.notification-deliveries} (keyed by patient id like the findings, so read like {@code rpm.alerts}).
     */
    public List<Notification> restoreDeliveries(Collection<TopicPartition> findingsPartitions,
            int findingsPartitionCount, Instant since) {
        if (findingsPartitions.isEmpty()) {
            return List.of();
        }
        Predicate<String> owned = owns(findingsPartitions, findingsPartitionCount);
        List<Notification> delivered = new ArrayList<>();
        read(Topics.NOTIFICATION_DELIVERIES.name(), findingsPartitions, findingsPartitionCount, record -> {
            if (record.timestamp() < since.toEpochMilli() || record.value() == null) {
                return;
            }
            Notification notification = decode(Topics.NOTIFICATION_DELIVERIES, record);
            if (notification != null && notification.patientId() != null && owned.test(notification.patientId())) {
                delivered.add(notification);
            }
        });
        Logger.info("notification deliveries restored [deliveries: {}]", delivered.size());
        return delivered;
    }

    /**
     * Reads {@code topic} from the start to its current end: the partitions numbered like
     * {@code findingsPartitions} when it has {@code findingsPartitionCount} partitions, else (and for a count of
     * 0) all of them.
     */
    private int read(String topic, Collection<TopicPartition> findingsPartitions, int findingsPartitionCount,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            int topicPartitions = consumer.partitionsFor(topic).size();
            List<TopicPartition> toRead = topicPartitions == findingsPartitionCount
                    ? findingsPartitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList()
                    : consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(toRead);
            consumer.seekToBeginning(toRead);
            Map<TopicPartition, Long> end = consumer.endOffsets(toRead);
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaException("restoring " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    sink.accept(record);
                }
            }
            return toRead.size();
        }
    }

    /** True for the patients whose findings land on one of {@code partitions} (Kafka's default partitioner). */
    public static Predicate<String> owns(Collection<TopicPartition> partitions, int partitionCount) {
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return patient -> numbers.contains(partitionOf(patient, partitionCount));
    }

    /** The partition Kafka's default partitioner gives a String key. */
    public static int partitionOf(String key, int partitionCount) {
        byte[] bytes = Topics.FINDINGS.keySerde().serializer().serialize(Topics.FINDINGS.name(), key);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitionCount;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static <V> V decode(Topic<String, V> topic, ConsumerRecord<byte[], byte[]> record) {
        try {
            return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (KafkaException | IllegalArgumentException e) {
            Logger.warn("skipping undecodable record [topic: {}, partition: {}, offset: {}]", record.topic(),
                    record.partition(), record.offset());
            return null;
        }
    }
}
