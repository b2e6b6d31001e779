package org.rpmpipeline.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * A seeded corpus of MQTT messages: valid readings interleaved with every class of hostile or careless input the
 * gateway has met (size and user-property bombs, number bombs, deep nesting, lenient JSON, bad batches, and the
 * everyday mistakes), each with the reject reasons a correct gateway may give it. Every message carries its own
 * {@code correlationId} user property, so its reading or dead letter can be found again.
 */
final class HostileCorpus {
    /** The devices the corpus publishes for; the test binds them. */
    static final List<String> DEVICES = List.of("hc-ox-1", "hc-ox-2", "hc-ox-3");

    /** A class of message, with how often it appears and what the gateway must answer. */
    enum Kind {
        VALID(0),
        /** Two good readings and one unknown vital in one batch. */
        MIXED_BATCH(6, RejectReason.UNSUPPORTED_VITAL),
        /** 1 MiB of JSON padded with spaces (the simulator's oversize case). */
        OVERSIZE_1MIB(2, RejectReason.PAYLOAD_TOO_LARGE),
        /** A 7 MB batch of valid readings. */
        BATCH_7MB(2, RejectReason.PAYLOAD_TOO_LARGE),
        /** 8 bytes of payload with 1.2 MB of MQTT 5 user properties. */
        HUGE_USER_PROPERTIES(2, RejectReason.PAYLOAD_TOO_LARGE),
        /** 100 small user properties. */
        MANY_USER_PROPERTIES(5, RejectReason.PAYLOAD_TOO_LARGE),
        /** Just under the size limit, every item implausible. */
        BAD_BATCH_256KB(2, RejectReason.IMPLAUSIBLE_VALUE),
        SPO2_EXPONENT_2E6(6, RejectReason.IMPLAUSIBLE_VALUE),
        EXPONENT_1_5E9(6, RejectReason.IMPLAUSIBLE_VALUE),
        EXPONENT_INT_MAX(6, RejectReason.IMPLAUSIBLE_VALUE),
        EXPONENT_OVERFLOW(6, RejectReason.MALFORMED_JSON),
        FAHRENHEIT_BOMB(6, RejectReason.IMPLAUSIBLE_VALUE),
        DEEP_NESTING(6, RejectReason.MALFORMED_JSON),
        LONG_NUMBER(6, RejectReason.MALFORMED_JSON),
        LONG_STRING(5, RejectReason.MALFORMED_JSON),
        DUPLICATE_KEYS(6, RejectReason.MALFORMED_JSON),
        TRAILING_CONTENT(6, RejectReason.MALFORMED_JSON),
        OVERLONG_UTF8(6, RejectReason.MALFORMED_JSON),
        NOT_JSON(5, RejectReason.MALFORMED_JSON),
        WRONG_TYPE(5, RejectReason.SCHEMA_VIOLATION),
        SPOOFED_DEVICE(5, RejectReason.DEVICE_ID_MISMATCH),
        UNKNOWN_VITAL(5, RejectReason.UNSUPPORTED_VITAL),
        WRONG_UNIT(5, RejectReason.UNIT_MISMATCH),
        IMPLAUSIBLE(5, RejectReason.IMPLAUSIBLE_VALUE),
        UNKNOWN_DEVICE(5, RejectReason.UNKNOWN_DEVICE),
        UNKNOWN_TOPIC(5, RejectReason.UNKNOWN_TOPIC),
        TRUNCATED_GATT(5, RejectReason.MALFORMED_BLE);

        final int copies;
        final Set<RejectReason> expected;

        Kind(int copies, RejectReason... expected) {
            this.copies = copies;
            this.expected = expected.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(expected));
        }
    }

    /**
     * One message.
     *
     * @param readings how many readings it must give on {@code rpm.readings}
     */
    record Case(int number, Kind kind, String topic, byte[] payload, List<Map.Entry<String, String>> properties,
            String correlationId, int readings) {

        boolean hostile() {
            return !kind.expected.isEmpty();
        }

        /** Payload plus user-property names and values, as the gateway counts them. */
        long bytes() {
            long bytes = payload.length;
            for (Map.Entry<String, String> p : properties) {
                bytes += p.getKey().getBytes(StandardCharsets.UTF_8).length
                        + p.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
            return bytes;
        }
    }

    private HostileCorpus() {
    }

    /** {@code valid} valid readings and every hostile kind's copies, shuffled with {@code seed}. */
    static List<Case> generate(long seed, int valid, String run) {
        Random random = new Random(seed);
        List<Kind> kinds = new ArrayList<>(Collections.nCopies(valid, Kind.VALID));
        for (Kind kind : Kind.values()) {
            kinds.addAll(Collections.nCopies(kind.copies, kind));
        }
        Collections.shuffle(kinds, random);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        List<Case> cases = new ArrayList<>();
        for (int n = 0; n < kinds.size(); n++) {
            cases.add(make(n, kinds.get(n), random, at, run));
        }
        return cases;
    }

    private static Case make(int n, Kind kind, Random random, Instant at, String run) {
        String device = DEVICES.get(random.nextInt(DEVICES.size()));
        String correlationId = run + "-" + n;
        List<Map.Entry<String, String>> properties = new ArrayList<>();
        properties.add(entry(UserProperties.CORRELATION_ID, correlationId));
        String topic = MqttTopics.vitals(device);
        String time = ",\"measuredAt\":\"" + at + "\"";
        String id = "{\"id\":" + n + ",";
        int readings = 0;
        byte[] payload;
        switch (kind) {
            case VALID -> {
                payload = utf8(id + "\"vital\":\"spo2\",\"value\":" + (88 + random.nextInt(12)) + ".0,\"unit\":\"%\""
                        + time + "}");
                readings = 1;
            }
            case MIXED_BATCH -> {
                payload = utf8("[" + id + "\"vital\":\"heart-rate\",\"value\":" + (60 + random.nextInt(40))
                        + ",\"unit\":\"/min\"" + time + "}," + "{\"id\":" + n + "1,\"vital\":\"spo2\",\"value\":97,"
                        + "\"unit\":\"%\"" + time + "},{\"vital\":\"mood\",\"value\":3,\"unit\":\"1\"}]");
                readings = 2;
            }
            case OVERSIZE_1MIB -> {
                payload = new byte[1 << 20];
                Arrays.fill(payload, (byte) ' ');
                byte[] body = utf8(id + "\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time + "}");
                System.arraycopy(body, 0, payload, 0, body.length);
            }
            case BATCH_7MB -> payload = batchOf(id + "\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time + "}",
                    7_000_000);
            case HUGE_USER_PROPERTIES -> {
                payload = utf8("{\"a\":1}x");
                for (int i = 0; i < 1200; i++) {
                    properties.add(entry("p" + i, "v".repeat(1000)));
                }
            }
            case MANY_USER_PROPERTIES -> {
                payload = utf8(id + "\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time + "}");
                for (int i = 0; i < 100; i++) {
                    properties.add(entry("k" + i, "v"));
                }
            }
            case BAD_BATCH_256KB -> payload = batchOf("{\"vital\":\"spo2\",\"value\":250,\"unit\":\"%\"}",
                    256 * 1024 - 1000);
            case SPO2_EXPONENT_2E6 -> payload = utf8("{\"vital\":\"spo2\",\"value\":1e+2000000,\"unit\":\"%\"}");
            case EXPONENT_1_5E9 -> payload = utf8("{\"vital\":\"spo2\",\"value\":1E+1500000000,\"unit\":\"%\"}");
            case EXPONENT_INT_MAX -> payload = utf8("{\"vital\":\"spo2\",\"value\":1E+2147483647,\"unit\":\"%\"}");
            case EXPONENT_OVERFLOW -> payload = utf8("{\"vital\":\"spo2\",\"value\":1E+2147483648,\"unit\":\"%\"}");
            case FAHRENHEIT_BOMB -> payload = utf8(
                    "{\"vital\":\"body-temperature\",\"value\":1e+1000000,\"unit\":\"[degF]\"}");
            case DEEP_NESTING -> {
                int depth = 1000 + random.nextInt(5000);
                payload = utf8("[".repeat(depth) + "]".repeat(depth));
            }
            case LONG_NUMBER -> payload = utf8("{\"vital\":\"spo2\",\"value\":9" + "0".repeat(1100)
                    + ",\"unit\":\"%\"}");
            case LONG_STRING -> payload = utf8(id + "\"vital\":\"spo2\",\"value\":97,\"unit\":\""
                    + "%".repeat(10_000) + "\"}");
            case DUPLICATE_KEYS -> payload = utf8("{\"deviceId\":\"someone-else\",\"vital\":\"spo2\",\"value\":97,"
                    + "\"unit\":\"%\",\"deviceId\":\"" + device + "\"}");
            case TRAILING_CONTENT -> payload = utf8(id + "\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time
                    + "} {\"vital\":\"spo2\",\"value\":50,\"unit\":\"%\"}");
            case OVERLONG_UTF8 -> {
                payload = utf8(id + "\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\",\"note\":\"__\"" + time + "}");
                int at2 = indexOf(payload, (byte) '_');
                payload[at2] = (byte) 0xC0;
                payload[at2 + 1] = (byte) 0xAF;
            }
            case NOT_JSON -> {
                payload = new byte[16 + random.nextInt(64)];
                random.nextBytes(payload);
                payload[0] = '<';
            }
            case WRONG_TYPE -> payload = utf8(id + "\"vital\":\"spo2\",\"value\":\"ninety\",\"unit\":\"%\"" + time
                    + "}");
            case SPOOFED_DEVICE -> payload = utf8(id + "\"deviceId\":\"spoofed-" + device
                    + "\",\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time + "}");
            case UNKNOWN_VITAL -> payload = utf8(id + "\"vital\":\"mood\",\"value\":3,\"unit\":\"1\"" + time + "}");
            case WRONG_UNIT -> payload = utf8(id + "\"vital\":\"body-temperature\",\"value\":37,\"unit\":\"kg\""
                    + time + "}");
            case IMPLAUSIBLE -> payload = utf8(id + "\"vital\":\"spo2\",\"value\":250,\"unit\":\"%\"" + time + "}");
            case UNKNOWN_DEVICE -> {
                topic = MqttTopics.vitals("hc-ghost-" + n);
                payload = utf8(id + "\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"" + time + "}");
            }
            case UNKNOWN_TOPIC -> {
                topic = "rpm/v1/" + device + "/telemetry";
                payload = utf8("{}");
            }
            case TRUNCATED_GATT -> {
                topic = MqttTopics.ble(device, 0x2A37);
                payload = new byte[] {0x01, 0x48};
            }
            default -> throw new IllegalStateException("unhandled " + kind);
        }
        return new Case(n, kind, topic, payload, List.copyOf(properties), correlationId, readings);
    }

    private static byte[] batchOf(String item, int bytes) {
        StringBuilder batch = new StringBuilder(bytes + item.length() + 2).append('[');
        while (batch.length() + item.length() + 1 < bytes) {
            batch.append(item).append(',');
        }
        batch.setCharAt(batch.length() - 1, ']');
        return utf8(batch.toString());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static Map.Entry<String, String> entry(String key, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
