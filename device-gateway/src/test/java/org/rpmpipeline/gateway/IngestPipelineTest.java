package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.ble.GattDateTime;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.ble.MedFloat;
import org.rpmpipeline.ble.PlxSpotCheckMeasurement;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.gateway.GatewayConfig.DeadLetterLimits;
import org.rpmpipeline.gateway.mqtt.InboundMessage;

class IngestPipelineTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Map<String, DeviceBinding> BINDINGS = Map.of("ox-1", DeviceBinding.of("ox-1", "patient-1"));

    private final IngestPipeline pipeline = Pipelines.of(id -> Optional.ofNullable(BINDINGS.get(id)),
            Pipelines.input(1024), new DeadLetterLimits(1024, 3, 4096));

    private static InboundMessage message(String topic, String payload, Map<String, String> properties) {
        return InboundMessage.of(topic, payload.getBytes(StandardCharsets.UTF_8), properties, NOW);
    }

    @Test
    void turnsAGoodReadingIntoOneReadingKeepingTheHubsCorrelationId() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/ox-1/vitals",
                "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}",
                Map.of(UserProperties.HUB_ID, "hub-1", UserProperties.CORRELATION_ID, "c-1")));

        assertThat(outcome.rejection()).isEmpty();
        assertThat(outcome.readings()).singleElement().satisfies(r -> {
            assertThat(r.patientId()).isEqualTo("patient-1");
            assertThat(r.correlationId()).isEqualTo("c-1");
            assertThat(r.hubId()).isEqualTo("hub-1");
        });
        assertThat(outcome.deviceId()).isEqualTo("ox-1");
        assertThat(outcome.correlationId()).isEqualTo("c-1");
    }

    @Test
    void makesUpACorrelationIdWhenTheHubSentNone() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/ox-1/vitals",
                "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}", Map.of()));

        assertThat(outcome.correlationId()).isNotBlank();
        assertThat(outcome.readings().get(0).correlationId()).isEqualTo(outcome.correlationId());
    }

    @Test
    void deadLettersAnUnknownTopicWithTheOriginalBytes() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v2/ox-1/vitals", "hello", Map.of()));

        assertThat(outcome.readings()).isEmpty();
        RejectedMessage dead = outcome.rejection().orElseThrow();
        assertThat(dead.reason()).isEqualTo(RejectReason.UNKNOWN_TOPIC);
        assertThat(dead.sourceTopic()).isEqualTo("rpm/v2/ox-1/vitals");
        assertThat(dead.deviceId()).isNull();
        assertThat(new String(dead.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(dead.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void deadLettersAnOversizePayloadUnread() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/ox-1/vitals", "x".repeat(1025), Map.of()));

        assertThat(outcome.rejection()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
            assertThat(r.deviceId()).isEqualTo("ox-1");
            assertThat(r.payloadSize()).isEqualTo(1025);
            assertThat(r.payloadTruncated()).isTrue();
            assertThat(r.payload()).hasSize(1024);
        });
    }

    @Test
    void deadLettersAMalformedHubProperty() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/ox-1/vitals",
                "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}", Map.of(UserProperties.RELAY_RECEIVED_AT, "noon")));

        assertThat(outcome.rejection()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
            assertThat(r.detail()).contains(UserProperties.RELAY_RECEIVED_AT);
        });
    }

    @Test
    void publishesTheGoodItemsOfABatchAndListsTheBadOnesInItsOneDeadLetter() {
        String batch = """
                [{"vital":"spo2","value":97,"unit":"%"},
                 {"vital":"spo2","value":"x","unit":"%"},
                 {"vital":"spo2","value":96,"unit":"%","measuredAt":"2026-03-01T11:00:00Z"},
                 {"vital":"spo2","value":250,"unit":"%"}]""";
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/ox-1/vitals", batch, Map.of()));

        assertThat(outcome.readings()).hasSize(2);
        RejectedMessage dead = outcome.rejection().orElseThrow();
        assertThat(dead.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(dead.itemReasons()).containsExactly(RejectReason.SCHEMA_VIOLATION, RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(dead.detail()).startsWith("2 of 4 items rejected: SCHEMA_VIOLATION item[1]: ")
                .contains("; IMPLAUSIBLE_VALUE item[3]: spo2 value 250");
        assertThat(new String(dead.payload(), StandardCharsets.UTF_8)).isEqualTo(batch);
        assertThat(outcome.rejected()).containsEntry(RejectReason.SCHEMA_VIOLATION, 1)
                .containsEntry(RejectReason.IMPLAUSIBLE_VALUE, 1);
    }

    @Test
    void listsAtMostTheCappedNumberOfBadItemsAndCountsTheRest() {
        String batch = IntStream.range(0, 6).mapToObj(i -> "{\"vital\":\"mood\"}")
                .collect(Collectors.joining(",", "[", "]"));
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/ox-1/vitals", batch, Map.of()));

        RejectedMessage dead = outcome.rejection().orElseThrow();
        assertThat(dead.detail()).startsWith("6 of 6 items rejected: ").contains("item[2]")
                .doesNotContain("item[3]").endsWith("and 3 more (UNSUPPORTED_VITAL 3)");
        assertThat(outcome.rejected()).containsEntry(RejectReason.UNSUPPORTED_VITAL, 6);
    }

    @Test
    void turnsABleValueFromADeviceWithoutClockIntoReadingsAtTheRelayTime() {
        byte[] value = new PlxSpotCheckMeasurement(MedFloat.of("96"), MedFloat.of("70"),
                GattDateTime.of(LocalDateTime.of(2000, 1, 1, 0, 0, 0)), null, null, null, true).encode();
        Instant relay = NOW.minusSeconds(2);

        IngestPipeline.Outcome outcome = pipeline.process(InboundMessage.of("rpm/v1/ox-1/ble/2a5e", value,
                Map.of(UserProperties.RELAY_RECEIVED_AT, relay.toString()), NOW));

        assertThat(outcome.rejection()).isEmpty();
        assertThat(outcome.readings()).hasSize(2).allSatisfy(r -> {
            assertThat(r.patientId()).isEqualTo("patient-1");
            assertThat(r.measuredAt()).isEqualTo(relay);
            assertThat(r.timeSource()).isEqualTo(TimeSource.RELAY);
            assertThat(r.qualifiers()).containsEntry(GattQualifiers.CHARACTERISTIC, "2a5e");
        });
        assertThat(outcome.readings()).extracting(Reading::vital).containsExactly(VitalType.SPO2,
                VitalType.HEART_RATE);
    }

    @Test
    void deadLettersAMalformedBleValueWithItsBytes() {
        byte[] value = {0x0F, 0x01};
        IngestPipeline.Outcome outcome = pipeline.process(InboundMessage.of("rpm/v1/ox-1/ble/2a5e", value, Map.of(),
                NOW));

        assertThat(outcome.rejection()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
            assertThat(r.payload()).isEqualTo(value);
        });
    }

    @Test
    void deadLettersAnUnknownDevice() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/ox-9/vitals",
                "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}", Map.of()));

        assertThat(outcome.rejection()).hasValueSatisfying(
                r -> assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE));
    }

    @Test
    void turnsAStatusMessageIntoADeviceStatus() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/hub-7/status",
                "{\"online\":false,\"batteryPercent\":40,\"firmware\":\"2.1\"}",
                Map.of(UserProperties.HUB_ID, "hub-7")));

        assertThat(outcome.statuses()).singleElement().satisfies(s -> {
            assertThat(s.deviceId()).isEqualTo("hub-7");
            assertThat(s.online()).isFalse();
            assertThat(s.batteryPercent()).isEqualTo(40);
            assertThat(s.firmware()).isEqualTo("2.1");
            assertThat(s.receivedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void deadLettersAStatusWithABatteryOutOfRange() {
        IngestPipeline.Outcome outcome = pipeline.process(message("rpm/v1/hub-7/status",
                "{\"batteryPercent\":140}", Map.of()));

        assertThat(outcome.rejection()).hasValueSatisfying(
                r -> assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION));
    }
}
