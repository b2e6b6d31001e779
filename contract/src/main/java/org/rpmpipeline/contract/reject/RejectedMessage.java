package org.rpmpipeline.contract.reject;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.Schema;

/**
 * A dead letter on {@code rpm.rejected}: everything needed to understand the rejection and to replay the message
 * once the cause is fixed. {@code payload} is the original bytes, written as base64 in JSON.
 *
 * @param sourceTopic the MQTT topic the message arrived on
 * @param deviceId the device from the topic, if it could be parsed
 * @param detail a human-readable explanation naming the offending field
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RejectedMessage(
        int schemaVersion,
        RejectReason reason,
        String detail,
        String sourceTopic,
        String deviceId,
        byte[] payload,
        Instant receivedAt,
        String correlationId) {

    public RejectedMessage {
        Schema.check(schemaVersion, "RejectedMessage");
        Objects.requireNonNull(reason, "reason is required");
        Objects.requireNonNull(detail, "detail is required");
        Objects.requireNonNull(sourceTopic, "sourceTopic is required");
        Objects.requireNonNull(payload, "payload is required");
        Objects.requireNonNull(receivedAt, "receivedAt is required");
    }
}
