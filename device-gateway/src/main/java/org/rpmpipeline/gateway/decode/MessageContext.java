package org.rpmpipeline.gateway.decode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.gateway.mqtt.InboundMessage;

/**
 * What the gateway knows about one MQTT message besides its payload: the device from the topic and the hub's
 * MQTT 5 user properties, validated.
 *
 * @param hubId the relaying hub, or {@code null}
 * @param relayReceivedAt when the hub received the value from the device, or {@code null}
 * @param tzOffset the hub's UTC offset for device wall-clock times, or {@code null}
 * @param correlationId the hub's correlation id, or a new one
 */
public record MessageContext(
        String topic,
        MqttAddress address,
        Instant receivedAt,
        String hubId,
        Instant relayReceivedAt,
        ZoneOffset tzOffset,
        String correlationId) {

    private static final int MAX_CORRELATION_ID = 128;

    public String deviceId() {
        return address.deviceId();
    }

    /** The correlation id of a message before its topic is known to be valid. */
    public static String correlationIdOf(InboundMessage message) {
        return message.userProperty(UserProperties.CORRELATION_ID)
                .filter(id -> id.length() <= MAX_CORRELATION_ID)
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    /** Reads the user properties; a malformed one rejects the message naming the property. */
    public static DecodeResult<MessageContext> of(InboundMessage message, MqttAddress address, String correlationId) {
        Optional<String> hubId = message.userProperty(UserProperties.HUB_ID);
        if (hubId.isPresent() && !Ids.isValid(hubId.get())) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                    "user property " + UserProperties.HUB_ID + " is not a valid opaque id");
        }
        Instant relayReceivedAt = null;
        Optional<String> relay = message.userProperty(UserProperties.RELAY_RECEIVED_AT);
        if (relay.isPresent()) {
            try {
                relayReceivedAt = Instant.parse(relay.get());
            } catch (DateTimeException e) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, "user property "
                        + UserProperties.RELAY_RECEIVED_AT + " must be an ISO-8601 UTC instant, was "
                        + DeviceText.quote(relay.get()));
            }
        }
        ZoneOffset tzOffset = null;
        Optional<String> tz = message.userProperty(UserProperties.TZ_OFFSET);
        if (tz.isPresent()) {
            try {
                tzOffset = ZoneOffset.of(tz.get());
            } catch (DateTimeException e) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, "user property "
                        + UserProperties.TZ_OFFSET + " must be a UTC offset such as +01:00, was "
                        + DeviceText.quote(tz.get()));
            }
        }
        return DecodeResult.accepted(new MessageContext(message.topic(), address, message.receivedAt(),
                hubId.orElse(null), relayReceivedAt, tzOffset, correlationId));
    }
}
