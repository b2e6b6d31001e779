package org.rpmpipeline.gateway.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.gateway.mqtt.ConnectionOptions;
import org.rpmpipeline.gateway.publish.OutboundRecords;
import org.tinylog.Logger;

/**
 * Re-publishes dead letters to MQTT after their cause is fixed (a device registered late, a bound widened): it
 * reads {@code rpm.rejected} from the beginning up to the end offsets seen at start, keeps the gateway's dead
 * letters that match the filter, and publishes each original payload at QoS 1 to its original topic with the
 * hub's original user properties. The running gateways then validate it again like any message. A message that
 * had no {@code relayReceivedAt} gets its original receive time as {@code relayReceivedAt}, so a reading timed
 * by the gateway keeps its original time (its time source then reads {@code relay}).
 *
 * <p>A dead letter that does not hold the whole message (its payload was cut past the dead-letter limit, or its
 * user properties were over the limits) cannot be replayed: re-publishing part of a message would be a different
 * message. Such dead letters are counted and named (device, receive time, SHA-256 of the original payload), never
 * published.
 */
public final class DeadLetterReplay {

    /**
     * Which dead letters to replay.
     *
     * @param reasons the reasons to replay; empty means all
     * @param deviceId only this device, or {@code null} for all
     * @param since only dead letters received at or after this instant, or {@code null}
     */
    public record Filter(Set<RejectReason> reasons, String deviceId, Instant since) {
        public Filter {
            reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
        }

        boolean matches(RejectedMessage m) {
            return (reasons.isEmpty() || reasons.stream().anyMatch(m::hasReason))
                    && (deviceId == null || deviceId.equals(m.deviceId()))
                    && (since == null || !m.receivedAt().isBefore(since))
                    && MqttTopics.parse(m.sourceTopic()).isPresent();
        }
    }

    /**
     * What a replay did.
     *
     * @param matched dead letters matching the filter, replayable or not
     * @param notReplayable matched dead letters that do not hold the whole message and so were not published
     * @param notReplayableExamples the first {@value #EXAMPLES} of them, one line each: device, receive time,
     *        payload size and SHA-256
     */
    public record Result(int scanned, int matched, int republished, int notReplayable,
            List<String> notReplayableExamples) {
        public Result {
            notReplayableExamples = List.copyOf(notReplayableExamples);
        }
    }

    /** How many unreplayable dead letters a result names. */
    public static final int EXAMPLES = 20;

    private final GatewayConfig config;

    public DeadLetterReplay(GatewayConfig config) {
        this.config = config;
    }

    /** Runs the replay; with {@code dryRun} it only counts. */
    public Result run(Filter filter, boolean dryRun) {
        List<ConsumerRecord<byte[], byte[]>> matched = new ArrayList<>();
        int scanned = 0;
        int notReplayable = 0;
        List<String> examples = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.REJECTED.name(), Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    scanned++;
                    RejectedMessage message = decode(record);
                    if (message == null || !filter.matches(message)) {
                        continue;
                    }
                    if (message.whole()) {
                        matched.add(record);
                    } else {
                        notReplayable++;
                        if (examples.size() < EXAMPLES) {
                            examples.add(describe(message));
                        }
                    }
                }
            }
        }
        int total = matched.size() + notReplayable;
        if (dryRun || matched.isEmpty()) {
            return new Result(scanned, total, 0, notReplayable, examples);
        }
        return new Result(scanned, total, publish(matched), notReplayable, examples);
    }

    private static String describe(RejectedMessage m) {
        return m.reason() + " device " + m.deviceId() + ", received " + m.receivedAt() + ", payload "
                + m.payloadSize() + " bytes (" + m.payload().length + " kept), user properties dropped "
                + m.userPropertiesDropped() + ", sha256 " + m.payloadSha256();
    }

    private int publish(List<ConsumerRecord<byte[], byte[]>> records) {
        int published = 0;
        MqttClient client = null;
        try {
            client = new MqttClient(config.mqtt().url().toString(), config.mqtt().clientId() + "-replay",
                    new MemoryPersistence());
            client.connect(ConnectionOptions.publisher(config.mqtt()));
            for (ConsumerRecord<byte[], byte[]> record : records) {
                RejectedMessage dead = decode(record);
                MqttMessage message = new MqttMessage(dead.payload());
                message.setQos(1);
                MqttProperties properties = new MqttProperties();
                properties.setUserProperties(userProperties(record, dead));
                message.setProperties(properties);
                client.publish(dead.sourceTopic(), message);
                published++;
                Logger.debug("dead letter replayed [device: {}, reason: {}]", dead.deviceId(), dead.reason());
            }
            client.disconnect();
        } catch (MqttException e) {
            throw new IllegalStateException("replay stopped after " + published + " messages: " + e.getMessage(), e);
        } finally {
            if (client != null) {
                try {
                    client.close();
                } catch (MqttException e) {
                    Logger.debug("replay client close failed [error: {}]", e.toString());
                }
            }
        }
        return published;
    }

    private static List<UserProperty> userProperties(ConsumerRecord<byte[], byte[]> record, RejectedMessage dead) {
        List<UserProperty> properties = new ArrayList<>();
        boolean relay = false;
        for (Header header : record.headers()) {
            if (header.key().startsWith(OutboundRecords.USER_PROPERTY_HEADER_PREFIX)) {
                String key = header.key().substring(OutboundRecords.USER_PROPERTY_HEADER_PREFIX.length());
                relay |= key.equals(UserProperties.RELAY_RECEIVED_AT);
                properties.add(new UserProperty(key, new String(header.value(), StandardCharsets.UTF_8)));
            }
        }
        if (!relay) {
            properties.add(new UserProperty(UserProperties.RELAY_RECEIVED_AT, dead.receivedAt().toString()));
        }
        if (properties.stream().noneMatch(p -> p.getKey().equals(UserProperties.CORRELATION_ID))
                && dead.correlationId() != null) {
            properties.add(new UserProperty(UserProperties.CORRELATION_ID, dead.correlationId()));
        }
        return properties;
    }

    private static RejectedMessage decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return Topics.REJECTED.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            Logger.warn("undecodable dead letter skipped [partition: {}, offset: {}]", record.partition(),
                    record.offset());
            return null;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(config.kafka().overrides());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.mqtt().clientId() + "-replay");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
