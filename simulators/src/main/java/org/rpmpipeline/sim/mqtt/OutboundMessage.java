package org.rpmpipeline.sim.mqtt;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MQTT 5 PUBLISH a hub sends: topic, payload, content type and user properties (in order).
 *
 * @param utf8 true for JSON (payload format indicator 1), false for raw bytes (indicator 0)
 */
public record OutboundMessage(String topic, byte[] payload, String contentType, boolean utf8,
        List<Map.Entry<String, String>> userProperties) {

    public static final String JSON = "application/json";
    public static final String OCTET_STREAM = "application/octet-stream";

    public OutboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = List.copyOf(userProperties);
    }

    /** The first user property called {@code name}, or {@code null}. */
    public String userProperty(String name) {
        return userProperties.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }
}
