package org.rpmpipeline.contract.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.AlertTimer;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

class JsonSerdeTest {
    private static final Instant AT = Instant.parse("2026-03-15T08:30:00Z");

    @Test
    void readingRoundTripsKeepingDecimalPrecision() {
        Reading reading = new Reading(Schema.VERSION, "r-1", "patient-1", "ox-1", "hub-1", VitalType.SPO2,
                new BigDecimal("94.0"), "%", null, null, AT, AT.plusSeconds(2), TimeSource.RELAY, "c-1",
                Map.of("ble.plx.status", "questionable"));

        byte[] bytes = Topics.READINGS.valueSerde().serializer().serialize("rpm.readings", reading);
        String json = new String(bytes, StandardCharsets.UTF_8);
        Reading back = Topics.READINGS.valueSerde().deserializer().deserialize("rpm.readings", bytes);

        assertThat(json).contains("\"vital\":\"spo2\"", "\"value\":94.0", "\"measuredAt\":\"2026-03-15T08:30:00Z\"",
                "\"timeSource\":\"relay\"", "\"schemaVersion\":1");
        assertThat(back).isEqualTo(reading);
        assertThat(back.value().scale()).isEqualTo(1);
    }

    @Test
    void findingRoundTrips() {
        Finding finding = new Finding(Schema.VERSION, Finding.idFor("spo2-low", "patient-1", AT,
                FindingStatus.ACTIVE), "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "patient-1",
                List.of("ox-1"), AT, AT, List.of(new Evidence("r-1", VitalType.SPO2, new BigDecimal("89"), "%", AT)),
                new BigDecimal("89"), "SpO2 89 % at or below 91 %", AT.plusSeconds(1), false, Map.of("band", "high"));

        byte[] bytes = Topics.FINDINGS.valueSerde().serializer().serialize("rpm.findings", finding);

        assertThat(Topics.FINDINGS.valueSerde().deserializer().deserialize("rpm.findings", bytes))
                .isEqualTo(finding);
    }

    @Test
    void deadLetterCarriesOriginalBytesAsBase64() {
        byte[] original = {0x0F, (byte) 0xAC, (byte) 0xF3};
        RejectedMessage rejected = new RejectedMessage(Schema.VERSION, RejectReason.MALFORMED_BLE,
                "SpO2 missing", "rpm/v1/ox-1/ble/2a5e", "ox-1", original, AT, null);

        byte[] bytes = Topics.REJECTED.valueSerde().serializer().serialize("rpm.rejected", rejected);
        RejectedMessage back = Topics.REJECTED.valueSerde().deserializer().deserialize("rpm.rejected", bytes);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"payload\":\"D6zz\"");
        assertThat(back.payload()).containsExactly(original);
        assertThat(back.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
    }

    @Test
    void undecodableBytesFailNamingTopicAndType() {
        byte[] garbage = "{\"schemaVersion\":1,\"vital\":".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Topics.READINGS.valueSerde().deserializer().deserialize("rpm.readings", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Reading").hasMessageContaining("rpm.readings");
    }

    @Test
    void recordViolatingItsInvariantFailsToDecode() {
        byte[] wrongVersion = ("{\"schemaVersion\":9,\"readingId\":\"r\",\"patientId\":\"p\",\"deviceId\":\"d\","
                + "\"vital\":\"spo2\",\"value\":90,\"unit\":\"%\",\"measuredAt\":\"2026-03-15T08:30:00Z\","
                + "\"receivedAt\":\"2026-03-15T08:30:00Z\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Topics.READINGS.valueSerde().deserializer().deserialize("rpm.readings",
                wrongVersion)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unsupported schemaVersion 9");
    }

    @Test
    void tombstonePassesThroughAsNull() {
        assertThat(Topics.DEVICES.valueSerde().deserializer().deserialize("rpm.devices", null)).isNull();
        assertThat(Topics.DEVICES.valueSerde().serializer().serialize("rpm.devices", null)).isNull();
    }

    @Test
    void alertTimersRoundTripUnderTheirCompactionKeys() {
        AlertTimer snooze = AlertTimer.snooze("patient-1", "spo2-low", "a-1", AT.plusSeconds(1800), AT, "dr-who");
        byte[] bytes = Topics.ALERT_TIMERS.valueSerde().serializer().serialize("rpm.alert-timers", snooze);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"kind\":\"snooze\"",
                "\"snoozedUntil\":\"2026-03-15T09:00:00Z\"");
        assertThat(Topics.ALERT_TIMERS.valueSerde().deserializer().deserialize("rpm.alert-timers", bytes))
                .isEqualTo(snooze);
        assertThat(snooze.key()).isEqualTo("snooze/patient-1/spo2-low");
        assertThat(Topics.ALERT_TIMERS.compacted()).isTrue();
    }

    @Test
    void escalationTimerNeedsAtLeastOneStep() {
        assertThatThrownBy(() -> new AlertTimer(Schema.VERSION, AlertTimer.Kind.ESCALATION, "patient-1", "spo2-low",
                "a-1", null, 0, AT, "system")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("escalationSteps");
    }
}
