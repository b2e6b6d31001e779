package org.rpmpipeline.gateway.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.gateway.decode.DecodeResult;
import org.rpmpipeline.gateway.decode.Measurement;
import org.rpmpipeline.gateway.decode.MessageContext;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;
import org.rpmpipeline.gateway.decode.DeviceJson;
import org.rpmpipeline.gateway.decode.JsonLimits;
import org.rpmpipeline.gateway.decode.VitalsJsonDecoder;

/** The NEWS2 inputs a hub app or clinician's tool sends as JSON: accepted, or dead-lettered with a clear reason. */
class News2InputsTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00Z");
    private final ReadingBinder binder = new ReadingBinder(
            id -> Optional.of(DeviceBinding.of(id, "patient-1")).filter(b -> id.equals("app-1")),
            PlausibilityBounds.defaults(), Duration.ofMinutes(5), Duration.ofDays(7));

    private DecodeResult<Reading> ingest(String json) {
        DecodeResult<Measurement> decoded = new VitalsJsonDecoder(new DeviceJson(JsonLimits.defaults()), PlausibilityBounds.defaults())
                .decode(json.getBytes(StandardCharsets.UTF_8), "app-1").get(0);
        if (decoded instanceof DecodeResult.Rejected<Measurement> r) {
            return r.retyped();
        }
        MessageContext ctx = new MessageContext("rpm/v1/app-1/vitals", new MqttAddress("app-1",
                MqttAddress.Kind.VITALS, -1), RECEIVED, "hub-1", null, ZoneOffset.UTC, "corr-1");
        return binder.bind(((DecodeResult.Accepted<Measurement>) decoded).value(), ctx);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"consciousness, 0, {ACVPU}", "consciousness, 1, {ACVPU}", "consciousness, 4, {ACVPU}",
        "consciousness, 2.0, {ACVPU}", "oxygen-flow, 0, L/min", "oxygen-flow, 2.5, L/min", "oxygen-flow, 70, L/min",
        "oxygen-concentration, 21, %", "oxygen-concentration, 28, %", "oxygen-concentration, 100, %"})
    void validInputsAreAccepted(String vital, String value, String unit) {
        DecodeResult<Reading> result = ingest("{\"vital\":\"" + vital + "\",\"value\":" + value + ",\"unit\":\""
                + unit + "\",\"measuredAt\":\"2026-03-01T11:59:00Z\"}");

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> {
            Reading reading = (Reading) a.value();
            assertThat(reading.vital().code()).isEqualTo(vital);
            assertThat(reading.value()).isEqualByComparingTo(value);
            assertThat(reading.patientId()).isEqualTo("patient-1");
        });
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = ';', value = {
        "consciousness; 5; {ACVPU}; IMPLAUSIBLE_VALUE; consciousness value 5 {ACVPU} is outside the plausible range",
        "consciousness; -1; {ACVPU}; IMPLAUSIBLE_VALUE; outside the plausible range 0..4",
        "consciousness; 1.5; {ACVPU}; SCHEMA_VIOLATION; value must be an ACVPU level 0 (A), 1 (C), 2 (V), 3 (P) or 4",
        "consciousness; 1; %; UNIT_MISMATCH; unit \"%\" is not consciousness's UCUM unit \"{ACVPU}\"",
        "oxygen-flow; -1; L/min; IMPLAUSIBLE_VALUE; outside the plausible range 0..70",
        "oxygen-flow; 71; L/min; IMPLAUSIBLE_VALUE; outside the plausible range 0..70",
        "oxygen-flow; 2; l/min; UNIT_MISMATCH; is not oxygen-flow's UCUM unit \"L/min\"",
        "oxygen-concentration; 20; %; IMPLAUSIBLE_VALUE; outside the plausible range 21..100",
        "oxygen-concentration; 101; %; IMPLAUSIBLE_VALUE; outside the plausible range 21..100"})
    void invalidInputsAreRejectedWithAReason(String vital, String value, String unit, RejectReason reason,
            String detail) {
        DecodeResult<Reading> result = ingest("{\"vital\":\"" + vital + "\",\"value\":" + value + ",\"unit\":\""
                + unit + "\",\"measuredAt\":\"2026-03-01T11:59:00Z\"}");

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.detail()).contains(detail);
        });
    }
}
