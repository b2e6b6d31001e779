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
    private final VitalsJsonDecoder decoder = new VitalsJsonDecoder(new DeviceJson(JsonLimits.defaults()),
            PlausibilityBounds.defaults());

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

    @Test
    void rejectsAHugeMagnitudeAsImplausibleWithAShortDetail() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("""
                {"vital":"spo2","value":1e+2000000,"unit":"%"}""").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(r.detail()).isEqualTo("spo2 value 1E+2000000 has more than 15 digits before or after the decimal"
                + " point, beyond any measurement");
    }

    @Test
    void rejectsNumberBombsWithoutExpandingThem() {
        for (String bomb : List.of("1E+1500000000", "1E+2147483647", "-1E+2147483647", "1E-2147483647",
                "0E+2147483647", "123456789012345678.5")) {
            DecodeResult.Rejected<Measurement> r = rejected(decode(
                    "{\"vital\":\"heart-rate\",\"value\":" + bomb + ",\"unit\":\"/min\"}").get(0));

            assertThat(r.reason()).as(bomb).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
            assertThat(r.detail()).as(bomb).hasSizeLessThan(200);
        }
    }

    @Test
    void rejectsAnExponentBeyondAnyDecimalAsMalformedJson() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("""
                {"vital":"spo2","value":1E+2147483648,"unit":"%"}""").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void rejectsAFahrenheitBombBeforeConvertingIt() {
        DecodeResult.Rejected<Measurement> r = rejected(decode("""
                {"vital":"body-temperature","value":1e+1000000,"unit":"[degF]"}""").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(r.detail()).contains("1E+1000000");
    }

    @Test
    void checksPlausibilityInTheUnitSentBeforeConverting() {
        DecodeResult.Rejected<Measurement> hot = rejected(decode("""
                {"vital":"body-temperature","value":200,"unit":"[degF]"}""").get(0));
        DecodeResult.Rejected<Measurement> heavy = rejected(decode("""
                {"vital":"body-weight","value":5000,"unit":"[lb_av]"}""").get(0));

        assertThat(hot.reason()).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(hot.detail()).isEqualTo("body-temperature value 200 [degF] is outside the plausible range"
                + " 77..113 [degF] (25..45 Cel)");
        assertThat(heavy.reason()).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(heavy.detail()).contains("[lb_av]").contains("0.5..500 kg");
    }

    @Test
    void acceptsAConvertedValueAtTheEdgeOfTheRange() {
        Measurement hot = accepted(decode("{\"vital\":\"body-temperature\",\"value\":113,\"unit\":\"[degF]\"}")
                .get(0));
        Measurement light = accepted(decode("{\"vital\":\"body-weight\",\"value\":1.11,\"unit\":\"[lb_av]\"}")
                .get(0));
        Measurement low = accepted(decode("""
                {"vital":"blood-pressure","components":[{"vital":"systolic-bp","value":5.34,"unit":"kPa"}]}""")
                .get(0));

        assertThat(hot.value()).isEqualByComparingTo("45");
        assertThat(light.value()).isEqualByComparingTo("0.5035");
        assertThat(low.components().get(0).value()).isEqualByComparingTo("40.05");
    }

    @Test
    void rejectsNestingAndLongNumbersAsMalformedJsonNotAsABug() {
        DecodeResult.Rejected<Measurement> deep = rejected(decode("[".repeat(2000) + "]".repeat(2000)).get(0));
        DecodeResult.Rejected<Measurement> digits = rejected(decode(
                "{\"vital\":\"spo2\",\"value\":" + "9".repeat(1100) + ",\"unit\":\"%\"}").get(0));

        assertThat(deep.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(deep.detail()).startsWith("payload exceeds a JSON limit: ").contains("nesting depth");
        assertThat(digits.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(digits.detail()).startsWith("payload exceeds a JSON limit: ").contains("Number value length");
    }

    @Test
    void rejectsDuplicateKeysTrailingContentAndOverlongUtf8() {
        DecodeResult.Rejected<Measurement> duplicate = rejected(decode("""
                {"vital":"spo2","value":97,"unit":"%","deviceId":"ox-2","deviceId":"ox-1"}""").get(0));
        DecodeResult.Rejected<Measurement> trailing = rejected(decode("""
                {"vital":"spo2","value":97,"unit":"%"} {"vital":"spo2","value":50,"unit":"%"}""").get(0));
        byte[] overlong = "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\",\"x\":\"__\"}"
                .getBytes(StandardCharsets.UTF_8);
        overlong[overlong.length - 4] = (byte) 0xC0;
        overlong[overlong.length - 3] = (byte) 0xAF;

        assertThat(duplicate.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(duplicate.detail()).contains("repeated field 'deviceId'");
        assertThat(trailing.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(trailing.detail()).startsWith("payload has content after the JSON document");
        assertThat(rejected(decoder.decode(overlong, "ox-1").get(0)).detail()).startsWith("payload is not valid UTF-8");
    }

    @Test
    void quotesADevicesLongStringsShortened() {
        String unit = "u".repeat(3000);
        DecodeResult.Rejected<Measurement> r = rejected(decode(
                "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"" + unit + "\"}").get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.UNIT_MISMATCH);
        assertThat(r.detail()).hasSizeLessThan(200).contains("uuu...\"");
    }
}
