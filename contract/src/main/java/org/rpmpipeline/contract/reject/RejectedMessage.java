package org.rpmpipeline.contract.reject;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.Schema;

/**
 * A dead letter on {@code rpm.rejected}: everything needed to understand the rejection and, when it is whole, to
 * replay the message once the cause is fixed. {@code payload} is the original bytes, written as base64 in JSON,
 * or only their first bytes when the message was too large to keep ({@code payloadTruncated}); the original size
 * and SHA-256 are kept either way, so an operator can match the dead letter to what a device sent.
 *
 * <p>The fields after {@code correlationId} were added later in schema version 1: a dead letter written without
 * them reads as a whole payload ({@code payloadSize} its length, {@code payloadSha256} its digest).
 *
 * @param sourceTopic the MQTT topic the message arrived on
 * @param deviceId the device from the topic, if it could be parsed
 * @param detail a human-readable explanation naming the offending field; for a batch, the rejected items
 * @param payloadSize the size of the original payload in bytes
 * @param payloadSha256 the SHA-256 of the original payload, lower-case hex
 * @param payloadTruncated true when {@code payload} holds only the first bytes of the original
 * @param userPropertiesDropped MQTT 5 user properties of the message not kept with the dead letter (over the
 *        gateway's limits); 0 when all were kept
 * @param itemReasons for a message of several items (a batch), the reasons of its rejected items, each once, in
 *        order of first appearance; {@code reason} is the first of them. Empty for a message rejected whole.
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
        String correlationId,
        Long payloadSize,
        String payloadSha256,
        Boolean payloadTruncated,
        Integer userPropertiesDropped,
        List<RejectReason> itemReasons) {

    public RejectedMessage {
        Schema.check(schemaVersion, "RejectedMessage");
        Objects.requireNonNull(reason, "reason is required");
        Objects.requireNonNull(detail, "detail is required");
        Objects.requireNonNull(sourceTopic, "sourceTopic is required");
        Objects.requireNonNull(payload, "payload is required");
        Objects.requireNonNull(receivedAt, "receivedAt is required");
        payloadTruncated = payloadTruncated != null && payloadTruncated;
        payloadSize = payloadSize == null ? payload.length : payloadSize;
        payloadSha256 = payloadSha256 == null && !payloadTruncated ? sha256(payload) : payloadSha256;
        Objects.requireNonNull(payloadSha256, "payloadSha256 is required for a truncated payload");
        if (payloadSize < payload.length || (!payloadTruncated && payloadSize != payload.length)) {
            throw new IllegalArgumentException("payloadSize " + payloadSize + " does not fit a payload of "
                    + payload.length + " bytes" + (payloadTruncated ? " (truncated)" : ""));
        }
        userPropertiesDropped = userPropertiesDropped == null ? 0 : userPropertiesDropped;
        if (userPropertiesDropped < 0) {
            throw new IllegalArgumentException("userPropertiesDropped must not be negative");
        }
        itemReasons = itemReasons == null ? List.of() : List.copyOf(itemReasons);
    }

    /** A dead letter for a message whose payload is kept whole and whose user properties were all kept. */
    public RejectedMessage(int schemaVersion, RejectReason reason, String detail, String sourceTopic, String deviceId,
            byte[] payload, Instant receivedAt, String correlationId) {
        this(schemaVersion, reason, detail, sourceTopic, deviceId, payload, receivedAt, correlationId, null, null,
                null, null, null);
    }

    /**
     * A dead letter keeping at most {@code maxPayloadBytes} of {@code original}: longer payloads keep their first
     * bytes, with the original size and SHA-256.
     */
    public static RejectedMessage of(RejectReason reason, String detail, String sourceTopic, String deviceId,
            byte[] original, int maxPayloadBytes, Instant receivedAt, String correlationId, int userPropertiesDropped,
            List<RejectReason> itemReasons) {
        boolean truncated = original.length > maxPayloadBytes;
        byte[] kept = truncated ? Arrays.copyOf(original, Math.max(0, maxPayloadBytes)) : original;
        return new RejectedMessage(Schema.VERSION, reason, detail, sourceTopic, deviceId, kept, receivedAt,
                correlationId, (long) original.length, sha256(original), truncated, userPropertiesDropped,
                itemReasons);
    }

    /**
     * True when the dead letter holds the whole message (every payload byte and every user property), so that
     * re-publishing it reproduces what the device sent.
     */
    public boolean whole() {
        return !payloadTruncated && userPropertiesDropped == 0;
    }

    /** True if {@code candidate} is the reason of the message or of one of its rejected items. */
    public boolean hasReason(RejectReason candidate) {
        return reason == candidate || itemReasons.contains(candidate);
    }

    /** The SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
