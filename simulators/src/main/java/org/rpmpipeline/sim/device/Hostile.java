package org.rpmpipeline.sim.device;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.rpmpipeline.contract.Codes;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * Bad and hostile payloads a device (or someone pretending to be one) may send, each with the reason the gateway
 * is expected to reject it for.
 */
public enum Hostile {
    /** JSON cut off in the middle. */
    TRUNCATED("truncated", RejectReason.MALFORMED_JSON),
    /** {@code NaN} as a bare number, which JSON does not allow. */
    NAN("nan", RejectReason.MALFORMED_JSON),
    /** Not JSON at all. */
    NOT_JSON("not-json", RejectReason.MALFORMED_JSON),
    /** A payload of 1 MiB, above any sane size limit. */
    OVERSIZE("oversize", RejectReason.PAYLOAD_TOO_LARGE),
    /** The value is a string. */
    WRONG_TYPE("wrong-type", RejectReason.SCHEMA_VIOLATION),
    /** The payload names another device than the topic (spoofed device id). */
    SPOOFED_DEVICE("spoofed-device", RejectReason.DEVICE_ID_MISMATCH),
    /** A vital code the pipeline does not know. */
    UNKNOWN_VITAL("unknown-vital", RejectReason.UNSUPPORTED_VITAL),
    /** A unit that is not the vital's and cannot be converted. */
    WRONG_UNIT("wrong-unit", RejectReason.UNIT_MISMATCH),
    /** A value no human can have (SpO2 of 250 %). */
    IMPLAUSIBLE("implausible", RejectReason.IMPLAUSIBLE_VALUE),
    /** A well-formed reading on the topic of a device nobody registered (a spoofed device id in the topic). */
    SPOOFED_TOPIC("spoofed-topic", RejectReason.UNKNOWN_DEVICE),
    /** The device's GATT characteristic value cut short, on its BLE topic. */
    TRUNCATED_GATT("truncated-gatt", RejectReason.MALFORMED_BLE);

    /** Size of the {@link #OVERSIZE} payload. */
    public static final int OVERSIZE_BYTES = 1 << 20;

    private final String code;
    private final RejectReason expected;

    Hostile(String code, RejectReason expected) {
        this.code = code;
        this.expected = expected;
    }

    public String code() {
        return code;
    }

    /** The reject reason the gateway should give. */
    public RejectReason expected() {
        return expected;
    }

    /** The device id in the topic the payload is published to: {@code spoofed-<id>} for {@link #SPOOFED_TOPIC}. */
    public String topicDeviceId(String deviceId) {
        return this == SPOOFED_TOPIC ? "spoofed-" + deviceId : deviceId;
    }

    /** True if the bad payload goes to the BLE topic as characteristic bytes ({@link #truncate}). */
    public boolean isBle() {
        return this == TRUNCATED_GATT;
    }

    /**
     * A characteristic value cut short so that its flags announce fields that are missing (for a heart-rate
     * value: RR intervals flagged but absent).
     */
    public static byte[] truncate(DeviceKind kind, byte[] value) {
        int keep = kind == DeviceKind.HEART_RATE_MONITOR ? 2 : Math.max(1, value.length / 2);
        return Arrays.copyOf(value, Math.min(keep, value.length - 1));
    }

    /** The JSON payload replacing a measurement of {@code deviceId} taken at {@code at}. */
    public byte[] payload(String deviceId, long sequence, Instant at) {
        String head = "{\"id\":\"" + sequence + "\",\"deviceId\":\"" + deviceId + "\",";
        String time = ",\"measuredAt\":\"" + at + "\"}";
        String json;
        switch (this) {
            case TRUNCATED:
                json = head + "\"vital\":\"spo2\",\"val";
                break;
            case NAN:
                json = head + "\"vital\":\"spo2\",\"value\":NaN,\"unit\":\"%\"" + time;
                break;
            case NOT_JSON:
                json = "\u0000\u00ff<script>alert(1)</script>";
                break;
            case OVERSIZE:
                byte[] big = new byte[OVERSIZE_BYTES];
                Arrays.fill(big, (byte) ' ');
                byte[] body = (head + "\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time)
                        .getBytes(StandardCharsets.UTF_8);
                System.arraycopy(body, 0, big, 0, body.length);
                return big;
            case WRONG_TYPE:
                json = head + "\"vital\":\"spo2\",\"value\":\"ninety\",\"unit\":\"%\"" + time;
                break;
            case SPOOFED_DEVICE:
                json = "{\"id\":\"" + sequence + "\",\"deviceId\":\"spoofed-" + deviceId
                        + "\",\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time;
                break;
            case SPOOFED_TOPIC:
                json = "{\"id\":\"" + sequence + "\",\"deviceId\":\"spoofed-" + deviceId
                        + "\",\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time;
                break;
            case UNKNOWN_VITAL:
                json = head + "\"vital\":\"mood\",\"value\":3,\"unit\":\"1\"" + time;
                break;
            case WRONG_UNIT:
                json = head + "\"vital\":\"body-temperature\",\"value\":37,\"unit\":\"kg\"" + time;
                break;
            case IMPLAUSIBLE:
                json = head + "\"vital\":\"spo2\",\"value\":250,\"unit\":\"%\"" + time;
                break;
            case TRUNCATED_GATT:
                throw new IllegalStateException("a truncated GATT value is made by truncate()");
            default:
                throw new IllegalStateException("unhandled " + this);
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public static Hostile fromCode(String code) {
        return Codes.byCode(values(), Hostile::code, "payload", code);
    }
}
