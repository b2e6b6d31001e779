package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.VitalType;

class VitalsJsonDecoderTest {
    private final VitalsJsonDecoder decoder = new VitalsJsonDecoder();

    private List<DecodeResult<Measurement>> decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), "ox-1");
    }

    private static Measurement accepted(DecodeResult<Measurement> result) {
        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        return ((DecodeResult.Accepted<Measurement>) result).value();
    }

    private static DecodeResult.Rejected<Measurement> rejected(DecodeResult<Measurement> result) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return (DecodeResult.Rejected<Measurement>) result;
    }

    @Test
    void decodesOneReadingKeepingTheDecimalAsSent() {
        Measurement m = accepted(decode("""
                {"vital":"spo2","value":97.0,"unit":"%","measuredAt":"2026-01-31T08:15:00Z"}""").get(0));

        assertThat(m.vital()).isEqualTo(VitalType.SPO2);
        assertThat(m.value()).isEqualTo(new BigDecimal("97.0"));
        assertThat(m.measuredAt()).isEqualTo(Instant.parse("2026-01-31T08:15:00Z"));
        assertThat(m.label()).isNull();
        assertThat(m.discriminator()).isEqualTo("value=97");
    }

    @Test
    void usesTheDeviceSideIdAsDiscriminator() {
        Measurement m = accepted(decode("""
                {"id":42,"vital":"heart-rate","value":71,"unit":"/min"}""").get(0));

        assertThat(m.discriminator()).isEqualTo("id=42");
        assertThat(m.measuredAt()).isNull();
    }

    @Test
    void decodesABloodPressurePanel() {
        Measurement m = accepted(decode("""
                {"vital":"blood-pressure","components":[
                  {"vital":"systolic-bp","value":128,"unit":"mm[Hg]"},
                  {"vital":"diastolic-bp","value":82,"unit":"mm[Hg]"}]}""").get(0));

        assertThat(m.vital()).isEqualTo(VitalType.BLOOD_PRESSURE);
        assertThat(m.components()).extracting(c -> c.vital()).containsExactly(VitalType.SYSTOLIC_BP,
                VitalType.DIASTOLIC_BP);
        assertThat(m.discriminator()).isEqualTo("systolic-bp=128;diastolic-bp=82");
    }

    @Test
    void decodesABatchItemByItemWithLabels() {
        List<DecodeResult<Measurement>> results = decode("""
                [{"vital":"spo2","value":97,"unit":"%"},
                 {"vital":"spo2","unit":"%"},
                 {"vital":"heart-rate","value":70,"unit":"/min"}]""");

        assertThat(results).hasSize(3);
        assertThat(accepted(results.get(0)).label()).isEqualTo("item[0]");
        assertThat(rejected(results.get(1)).detail()).startsWith("item[1]: value is required");
        assertThat(accepted(results.get(2)).label()).isEqualTo("item[2]");
    }

    @Test
    void rejectsMalformedJsonAsOneDeadLetter() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("{\"vital\": spo2").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(r.detail()).contains("line 1");
    }

    @Test
    void rejectsAnEmptyPayloadAndAnEmptyBatch() {
        assertThat(rejected(decode("").get(0)).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejected(decode("[]").get(0)).reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
    }

    @Test
    void rejectsAScalarPayload() {
        assertThat(rejected(decode("42").get(0)).reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
    }

    @Test
    void rejectsANumberSentAsAString() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("""
                {"vital":"spo2","value":"97","unit":"%"}""").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(r.detail()).contains("value must be a number");
    }

    @Test
    void rejectsAMissingVital() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("{\"value\":97,\"unit\":\"%\"}").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(r.detail()).contains("vital is required");
    }

    @Test
    void rejectsAnUnknownVital() {
        DecodeResult.Rejected<Measurement> r =
                rejected(decode("{\"vital\":\"mood\",\"value\":5,\"unit\":\"1\"}").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.UNSUPPORTED_VITAL);
        assertThat(r.detail()).contains("mood");
    }

    @Test
    void rejectsAUnitThatIsNotTheVitalsUnit() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("{\"vital\":\"spo2\",\"value\":97,\"unit\":\"mmHg\"}")
                .get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.UNIT_MISMATCH);
        assertThat(r.detail()).contains("unit \"mmHg\"").contains("\"%\"");
    }

    @Test
    void rejectsAMissingUnit() {
        assertThat(rejected(decode("{\"vital\":\"spo2\",\"value\":97}").get(0)).detail()).contains("unit is required");
    }

    @Test
    void convertsFahrenheitToCelsius() {
        Measurement m = accepted(decode("{\"vital\":\"body-temperature\",\"value\":98.6,\"unit\":\"[degF]\"}").get(0));

        assertThat(m.value()).isEqualTo(new BigDecimal("37.00"));
    }

    @Test
    void rejectsAnInvalidTimestamp() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("""
                {"vital":"spo2","value":97,"unit":"%","measuredAt":"yesterday"}""").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(r.detail()).contains("measuredAt");
    }

    @Test
    void rejectsADeviceIdThatDiffersFromTheTopic() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("""
                {"deviceId":"ox-2","vital":"spo2","value":97,"unit":"%"}""").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.DEVICE_ID_MISMATCH);
    }

    @Test
    void rejectsAComponentThatDoesNotBelongToThePanel() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("""
                {"vital":"blood-pressure","components":[{"vital":"heart-rate","value":60,"unit":"/min"}]}""").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(r.detail()).contains("components[0].vital heart-rate");
    }

    @Test
    void rejectsAPanelWithoutComponentsAndAValueWithComponents() {
        assertThat(rejected(decode("{\"vital\":\"blood-pressure\"}").get(0)).detail())
                .contains("components are required");
        assertThat(rejected(decode("""
                {"vital":"spo2","value":97,"unit":"%","components":[{"vital":"systolic-bp","value":1,"unit":"mm[Hg]"}]}
                """).get(0)).detail()).contains("only allowed for a panel");
    }

    @Test
    void convertsKilopascalComponentsToMillimetresOfMercury() {
        Measurement m = accepted(decode("""
                {"vital":"blood-pressure","components":[
                  {"vital":"systolic-bp","value":16.0,"unit":"kPa"},
                  {"vital":"diastolic-bp","value":10.7,"unit":"kPa"}]}""").get(0));

        assertThat(m.components().get(0).value()).isEqualTo(new BigDecimal("120.0"));
        assertThat(m.components().get(1).value()).isEqualTo(new BigDecimal("80.3"));
    }
}
