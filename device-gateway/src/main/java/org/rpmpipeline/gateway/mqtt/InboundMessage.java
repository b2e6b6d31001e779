package org.rpmpipeline.gateway.mqtt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One MQTT message as received, detached from Paho so that the pipeline can be tested without a broker.
 *
 * @param userProperties MQTT 5 user properties in arrival order; a repeated key keeps its first value
 * @param receivedAt when the gateway received it
 */
public record InboundMessage(String topic, byte[] payload, List<Map.Entry<String, String>> userProperties,
        Instant receivedAt) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(receivedAt, "receivedAt");
        payload = payload == null ? new byte[0] : payload;
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public static InboundMessage of(String topic, byte[] payload, Map<String, String> userProperties,
            Instant receivedAt) {
        return new InboundMessage(topic, payload, List.copyOf(userProperties.entrySet()), receivedAt);
    }

    /** The first value of a user property, blank treated as absent. */
    public Optional<String> userProperty(String key) {
        for (Map.Entry<String, String> entry : userProperties) {
            if (entry.getKey().equals(key) && entry.getValue() != null && !entry.getValue().isBlank()) {
                return Optional.of(entry.getValue().trim());
            }
        }
        return Optional.empty();
    }
}
