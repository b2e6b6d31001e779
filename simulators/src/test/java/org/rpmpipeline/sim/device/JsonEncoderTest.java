package org.rpmpipeline.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.device.VitalMessage;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.VitalType;

class JsonEncoderTest {
    private static final Instant AT = Instant.parse("2026-11-28T15:00:02.500Z");

    @Test
    void encode_singleVital_isOneVitalMessageWithTheCanonicalUnit() throws Exception {
        Measurement m = measurement(DeviceKind.THERMOMETER,
                Sample.of(VitalType.BODY_TEMPERATURE, new BigDecimal("38.0")));

        VitalMessage message = Json.mapper().readValue(JsonEncoder.encode(m, AT), VitalMessage.class);

        assertThat(message).isEqualTo(new VitalMessage("12", "dev-1", "body-temperature", new BigDecimal("38.0"),
                "Cel", AT, null));
    }

    @Test
    void encode_oximeter_isAnArrayOfSpo2AndPulseRateWithTheirUnits() throws Exception {
        Measurement m = measurement(DeviceKind.PULSE_OXIMETER, Sample.of(VitalType.SPO2, new BigDecimal("88")),
                Sample.of(VitalType.HEART_RATE, new BigDecimal("121")));

        List<VitalMessage> messages = Json.mapper().readValue(JsonEncoder.encode(m, AT),
                new TypeReference<List<VitalMessage>>() { });

        assertThat(messages).extracting(VitalMessage::vital, VitalMessage::value, VitalMessage::unit)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("spo2", new BigDecimal("88"), VitalType.SPO2.unit()),
                        org.assertj.core.groups.Tuple.tuple("heart-rate", new BigDecimal("121"),
                                VitalType.HEART_RATE.unit()));
        assertThat(messages).allMatch(v -> v.measuredAt().equals(AT) && v.id().equals("12")
                && v.deviceId().equals("dev-1"));
    }

    @Test
    void encode_bloodPressure_isAPanelWithComponentsInMmHg() throws Exception {
        Measurement m = measurement(DeviceKind.BLOOD_PRESSURE_CUFF, Sample.panel(VitalType.BLOOD_PRESSURE, List.of(
                Component.of(VitalType.SYSTOLIC_BP, new BigDecimal("128")),
                Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("80")),
                Component.of(VitalType.MEAN_BP, new BigDecimal("96")))));

        VitalMessage message = Json.mapper().readValue(JsonEncoder.encode(m, AT), VitalMessage.class);

        assertThat(message.vital()).isEqualTo("blood-pressure");
        assertThat(message.value()).isNull();
        assertThat(message.unit()).isNull();
        assertThat(message.components()).extracting(VitalMessage.ComponentMessage::vital,
                VitalMessage.ComponentMessage::unit).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("systolic-bp", "mm[Hg]"),
                        org.assertj.core.groups.Tuple.tuple("diastolic-bp", "mm[Hg]"),
                        org.assertj.core.groups.Tuple.tuple("mean-bp", "mm[Hg]"));
    }

    @Test
    void encode_clockNotSet_leavesMeasuredAtOut() {
        Measurement m = measurement(DeviceKind.WEIGHT_SCALE, Sample.of(VitalType.BODY_WEIGHT,
                new BigDecimal("81.4")));

        assertThat(new String(JsonEncoder.encode(m, null), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("measuredAt").contains("\"kg\"");
    }

    private static Measurement measurement(DeviceKind kind, Sample... samples) {
        return new Measurement(Duration.ofSeconds(2), 12, "patient-1", "hub-1", "dev-1", kind, List.of(samples));
    }
}
