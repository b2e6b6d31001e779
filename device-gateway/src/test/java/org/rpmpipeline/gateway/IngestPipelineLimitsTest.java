package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.gateway.GatewayConfig.DeadLetterLimits;
import org.rpmpipeline.gateway.GatewayConfig.InputLimits;
import org.rpmpipeline.gateway.mqtt.InboundMessage;
import org.rpmpipeline.gateway.publish.OutboundRecords;

/**
 * The bounds on one message and on its dead letter, with the default limits: size (payload and user properties),
 * user properties, hostile numbers and batches, and failures inside the pipeline. A dead letter never exceeds
 * {@link DeadLetterLimits#maxRecordBytes} nor twice the message's bytes plus a small constant.
 */
class IngestPipelineLimitsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TOPIC = "rpm/v1/ox-1/vitals";
    private static final long CONSTANT = 8 * 1024;
    private static final InputLimits INPUT = InputLimits.defaults();
    private static final DeadLetterLimits DEAD_LETTERS = DeadLetterLimits.defaults();

    private final IngestPipeline pipeline = Pipelines.everyDeviceBound();

    private static InboundMessage message(String topic, byte[] payload, List<Map.Entry<String, String>> properties) {
        return new InboundMessage(topic, payload, properties, NOW);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map.Entry<String, String>> properties(int count, int valueChars) {
        List<Map.Entry<String, String>> properties = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            properties.add(new AbstractMap.SimpleImmutableEntry<>("p" + i, "v".repeat(valueChars)));
        }
        return properties;
    }

    /** The one dead-letter record of the message, checked against both size bounds. */
    private ProducerRecord<byte[], byte[]> deadLetterRecord(InboundMessage message) {
        IngestPipeline.Outcome outcome = pipeline.process(message);
        List<ProducerRecord<byte[], byte[]>> deadLetters = OutboundRecords.of(outcome).stream()
                .filter(r -> r.topic().equals(Topics.REJECTED.name())).toList();
        assertThat(deadLetters).hasSize(1);
        ProducerRecord<byte[], byte[]> record = deadLetters.get(0);
        long messageBytes = message.payload().length + message.userProperties().stream()
                .mapToLong(p -> utf8(p.getKey()).length + utf8(p.getValue()).length).sum();
        assertThat(OutboundRecords.sizeOf(record)).isLessThanOrEqualTo(DEAD_LETTERS.maxRecordBytes(INPUT))
                .isLessThanOrEqualTo(2 * messageBytes + CONSTANT);
        return record;
    }

    private static RejectedMessage value(ProducerRecord<byte[], byte[]> record) {
        return Topics.REJECTED.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    @Test
    void cutsTheDeadLetterOfAOneMebibytePayloadKeepingSizeAndDigest() {
        byte[] payload = new byte[1 << 20];
        Arrays.fill(payload, (byte) ' ');

        RejectedMessage dead = value(deadLetterRecord(message(TOPIC, payload, List.of())));

        assertThat(dead.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(dead.detail()).isEqualTo("message has 1048576 bytes (payload 1048576, user properties 0), the limit"
                + " is 262144");
        assertThat(dead.payload()).hasSize(DEAD_LETTERS.maxPayloadBytes());
        assertThat(dead.payloadTruncated()).isTrue();
        assertThat(dead.payloadSize()).isEqualTo(1 << 20);
        assertThat(dead.payloadSha256()).isEqualTo(RejectedMessage.sha256(payload));
    }

    @Test
    void cutsTheDeadLetterOfASevenMegabyteBatch() {
        StringBuilder batch = new StringBuilder("[");
        while (batch.length() < 7_000_000) {
            batch.append("{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"},");
        }
        batch.setCharAt(batch.length() - 1, ']');

        RejectedMessage dead = value(deadLetterRecord(message(TOPIC, utf8(batch.toString()), List.of())));

        assertThat(dead.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(dead.payloadTruncated()).isTrue();
    }

    @Test
    void dropsMegabytesOfUserPropertiesFromAnEightBytePayloadsDeadLetter() {
        List<Map.Entry<String, String>> huge = properties(1200, 1000);

        ProducerRecord<byte[], byte[]> record = deadLetterRecord(message(TOPIC, utf8("{\"a\":1}"), huge));
        RejectedMessage dead = value(record);

        assertThat(dead.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(dead.detail()).startsWith("message has 1200 user properties of 1204890 bytes; at most 32"
                + " properties of 8192 bytes are accepted").endsWith("(1200 user properties over the limits not kept)");
        assertThat(dead.userPropertiesDropped()).isEqualTo(1200);
        assertThat(dead.whole()).isFalse();
        assertThat(record.headers().toArray()).noneMatch(
                h -> h.key().startsWith(OutboundRecords.USER_PROPERTY_HEADER_PREFIX));
        assertThat(OutboundRecords.sizeOf(record)).isLessThan(4096);
    }

    @Test
    void rejectsMoreUserPropertiesThanTheCountLimitEvenWhenSmall() {
        RejectedMessage dead = value(deadLetterRecord(message(TOPIC,
                utf8("{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}"), properties(33, 1))));

        assertThat(dead.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(dead.userPropertiesDropped()).isEqualTo(33);
    }

    @Test
    void countsUserPropertiesInTheMessageSizeAndKeepsThemWhenWithinTheirLimits() {
        byte[] payload = new byte[256 * 1024 - 100];
        List<Map.Entry<String, String>> properties = properties(8, 50);

        ProducerRecord<byte[], byte[]> record = deadLetterRecord(message(TOPIC, payload, properties));
        RejectedMessage dead = value(record);

        assertThat(dead.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(dead.detail()).contains("user properties 416");
        assertThat(dead.userPropertiesDropped()).isZero();
        assertThat(record.headers().lastHeader(OutboundRecords.USER_PROPERTY_HEADER_PREFIX + "p7")).isNotNull();
    }

    @Test
    void givesABatchOfBadItemsOneDeadLetterWithinTwiceItsSize() {
        StringBuilder batch = new StringBuilder("[");
        String item = "{\"vital\":\"spo2\",\"value\":250,\"unit\":\"%\"},";
        while (batch.length() < 256 * 1024 - item.length() - 1) {
            batch.append(item);
        }
        batch.setCharAt(batch.length() - 1, ']');
        int items = (batch.length() - 1) / item.length();

        RejectedMessage dead = value(deadLetterRecord(message(TOPIC, utf8(batch.toString()), List.of())));

        assertThat(dead.reason()).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(dead.detail()).startsWith(items + " of " + items + " items rejected: ")
                .endsWith("and " + (items - 20) + " more (IMPLAUSIBLE_VALUE " + (items - 20) + ")")
                .hasSizeLessThanOrEqualTo(DEAD_LETTERS.maxDetailChars());
        assertThat(dead.payloadTruncated()).isFalse();
        assertThat(new String(dead.payload(), StandardCharsets.UTF_8)).isEqualTo(batch.toString());
    }

    @Test
    void givesNumberBombsSmallDeadLettersWithOneLineDetails() {
        for (String value : List.of("1e+2000000", "1E+1500000000", "1E+2147483647", "1E+2147483648",
                "9".repeat(1100))) {
            RejectedMessage dead = value(deadLetterRecord(message(TOPIC,
                    utf8("{\"vital\":\"spo2\",\"value\":" + value + ",\"unit\":\"%\"}"), List.of())));

            assertThat(dead.reason()).as(value).isIn(RejectReason.IMPLAUSIBLE_VALUE, RejectReason.MALFORMED_JSON);
            assertThat(dead.detail()).as(value).hasSizeLessThan(300).doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void cutsAVeryLongTopicInTheDeadLetterKeyFieldAndHeader() {
        String topic = "rpm/v1/" + "x".repeat(60_000) + "/vitals";

        ProducerRecord<byte[], byte[]> record = deadLetterRecord(message(topic, utf8("{}"), List.of()));

        assertThat(value(record).reason()).isEqualTo(RejectReason.UNKNOWN_TOPIC);
        assertThat(value(record).sourceTopic()).hasSize(DeadLetters.MAX_TOPIC_CHARS);
        assertThat(record.key()).hasSize(DeadLetters.MAX_TOPIC_CHARS);
        assertThat(record.headers().lastHeader(HeaderNames.MQTT_TOPIC).value()).hasSize(DeadLetters.MAX_TOPIC_CHARS);
    }

    @Test
    void anErrorThrownInsideThePipelineCostsOnlyThatMessage() {
        List<Throwable> errors = List.of(new StackOverflowError(), new OutOfMemoryError("Java heap space"),
                new NullPointerException());
        for (Throwable error : errors) {
            IngestPipeline failing = Pipelines.of(id -> {
                if (id.equals("ox-bug")) {
                    throw sneaky(error);
                }
                return Optional.of(DeviceBinding.of(id, "patient-1"));
            }, INPUT, DEAD_LETTERS);

            IngestPipeline.Outcome bad = failing.process(message("rpm/v1/ox-bug/vitals",
                    utf8("{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}"), List.of()));
            IngestPipeline.Outcome good = failing.process(message("rpm/v1/ox-1/vitals",
                    utf8("{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}"), List.of()));

            assertThat(bad.rejection()).hasValueSatisfying(dead -> {
                assertThat(dead.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
                assertThat(dead.detail()).isEqualTo("the gateway failed unexpectedly on this message ("
                        + error.getClass().getSimpleName() + "); replay it once fixed");
            });
            assertThat(good.readings()).hasSize(1);
        }
    }

    @Test
    void offersSmallerDeadLettersWhenKafkaRefusesAMessagesReadings() {
        IngestPipeline.Outcome outcome = pipeline.process(message(TOPIC,
                utf8("[{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"},{\"vital\":\"mood\"}]"),
                properties(2, 5)));
        RecordTooLargeException refusal = new RecordTooLargeException("too large");

        RejectedMessage first = pipeline.replacement(outcome, 1, refusal).orElseThrow();
        RejectedMessage second = pipeline.replacement(outcome, 2, refusal).orElseThrow();

        assertThat(first.reason()).isEqualTo(RejectReason.KAFKA_REFUSED);
        assertThat(first.detail()).startsWith("the records of this message cannot be written to Kafka"
                + " (RecordTooLargeException: too large); also rejected: 1 of 2 items rejected");
        assertThat(first.whole()).isTrue();
        assertThat(second.reason()).isEqualTo(RejectReason.KAFKA_REFUSED);
        assertThat(second.payload()).isEmpty();
        assertThat(second.payloadSha256()).isEqualTo(RejectedMessage.sha256(outcome.message().payload()));
        assertThat(second.userPropertiesDropped()).isEqualTo(2);
        assertThat(pipeline.replacement(outcome, 3, refusal)).isEmpty();
    }

    @Test
    void offersOneDeadLetterWithoutPayloadWhenKafkaRefusesAMessagesOwnDeadLetter() {
        IngestPipeline.Outcome outcome = pipeline.process(message(TOPIC, utf8("{\"vital\":\"mood\"}"), List.of()));

        RejectedMessage last = pipeline.replacement(outcome, 1, new RecordTooLargeException("too large"))
                .orElseThrow();

        assertThat(last.reason()).isEqualTo(RejectReason.UNSUPPORTED_VITAL);
        assertThat(last.detail()).startsWith("the records of this message cannot be written to Kafka"
                + " (RecordTooLargeException: too large), so this dead letter keeps no payload and no user"
                + " properties; vital \"mood\" is not one of");
        assertThat(last.payload()).isEmpty();
        assertThat(last.payloadTruncated()).isTrue();
        assertThat(pipeline.replacement(outcome, 2, new RecordTooLargeException("too large"))).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
