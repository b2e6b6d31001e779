package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.VitalMessage;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.Acvpu;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Coverage-guided fuzzing of the gateway's JSON vitals decoder ({@link VitalsJsonDecoder} over {@link DeviceJson})
 * with Jazzer. Without {@code JAZZER_FUZZ} this replays the committed inputs under
 * {@code src/test/resources/org/rpmpipeline/gateway/decode/VitalsJsonDecoderFuzzTestInputs/}; {@code
 * bench/fuzz/run.sh} fuzzes it for longer. The input is the MQTT payload as a device sends it.
 *
 * <p>Properties (device-gateway README, "JSON vitals"): decoding never throws; it answers one result per item of
 * a batch, or one result for a single object or anything else; every rejection carries one of the decoder's reasons
 * and a bounded one-line detail, and a payload that is not acceptable JSON is one {@code MALFORMED_JSON}; an
 * accepted measurement is one the contract's {@link Reading} takes as it is, with its values in the canonical unit
 * and inside the plausibility bounds (up to the rounding of a unit conversion); and what the decoder accepts, sent
 * again in canonical form the way the simulators write it, decodes to the same measurement.
 */
class VitalsJsonDecoderFuzzTest {
    private static final String DEVICE = "ox-1";
    private static final Set<RejectReason> REASONS = EnumSet.of(RejectReason.MALFORMED_JSON,
            RejectReason.SCHEMA_VIOLATION, RejectReason.UNSUPPORTED_VITAL, RejectReason.UNIT_MISMATCH,
            RejectReason.IMPLAUSIBLE_VALUE, RejectReason.DEVICE_ID_MISMATCH);
    /** A rejection detail quotes at most 64 characters of device text, besides fixed text and the vital codes. */
    private static final int MAX_DETAIL_CHARS = 1024;
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00Z");

    private final DeviceJson json = new DeviceJson(JsonLimits.defaults());
    private final PlausibilityBounds bounds = PlausibilityBounds.defaults();
    private final VitalsJsonDecoder decoder = new VitalsJsonDecoder(json, bounds);

    @DictionaryEntries({"\"vital\"", "\"value\"", "\"unit\"", "\"measuredAt\"", "\"id\"", "\"deviceId\"",
        "\"components\"", "\"spo2\"", "\"heart-rate\"", "\"respiratory-rate\"", "\"blood-pressure\"",
        "\"systolic-bp\"", "\"diastolic-bp\"", "\"mean-bp\"", "\"body-temperature\"", "\"body-weight\"",
        "\"body-height\"", "\"bmi\"", "\"glucose\"", "\"glucose-molar\"", "\"consciousness\"", "\"oxygen-flow\"",
        "\"oxygen-concentration\"", "\"%\"", "\"/min\"", "\"mm[Hg]\"", "\"kPa\"", "\"Cel\"", "\"[degF]\"", "\"kg\"",
        "\"[lb_av]\"", "\"cm\"", "\"kg/m2\"", "\"mg/dL\"", "\"mmol/L\"", "\"{ACVPU}\"", "\"L/min\"",
        "\"2026-03-01T08:15:00Z\"", "\"ox-1\"", "1e999", "-0.0", "97.0"})
    @FuzzTest
    void decodeVitalsPayload(byte[] payload) throws JsonProcessingException {
        List<DecodeResult<Measurement>> results = decoder.decode(payload, DEVICE);

        assertThat(results).isNotEmpty();
        if (results.size() > 1) {
            for (int i = 0; i < results.size(); i++) {
                assertItem(results.get(i), "item[" + i + "]");
            }
        } else {
            DecodeResult<Measurement> only = results.get(0);
            String label = only instanceof DecodeResult.Accepted<Measurement> a ? a.value().label() : null;
            assertThat(label).as("a single result is the object itself or a batch of one")
                    .isIn(null, "item[0]");
            assertItem(only, label);
        }
    }

    private void assertItem(DecodeResult<Measurement> result, String label) throws JsonProcessingException {
        if (result instanceof DecodeResult.Rejected<Measurement> rejected) {
            assertThat(rejected.reason()).isIn(REASONS);
            assertThat(rejected.detail()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_DETAIL_CHARS)
                    .doesNotContain("\n", "\r");
            if (label != null) {
                assertThat(rejected.detail()).startsWith(label + ": ");
                assertThat(rejected.reason()).as("a batch item is never malformed JSON on its own")
                        .isNotEqualTo(RejectReason.MALFORMED_JSON);
            }
            return;
        }
        Measurement m = ((DecodeResult.Accepted<Measurement>) result).value();
        assertThat(m.label()).isEqualTo(label);
        assertContractReading(m);
        if (m.vital().isPanel()) {
            assertThat(m.components()).isNotEmpty()
                    .allSatisfy(c -> assertThat(m.vital().componentTypes()).contains(c.vital()));
            assertThat(m.components().stream().map(Component::vital).distinct()).hasSameSizeAs(m.components());
            m.components().forEach(c -> assertPlausible(c.vital(), c.value()));
        } else {
            assertThat(m.components()).isEmpty();
            assertPlausible(m.vital(), m.value());
        }
        assertThat(m.discriminator()).isNotBlank();
        assertRoundTrip(m);
    }

    /**
     * The contract's reading takes what the decoder accepted as it is. The one check left to the contract is that
     * a consciousness value is an ACVPU level (0-4, whole): the binder rejects {@code 1.5} as a schema violation
     * with the contract's message (see {@code News2InputsTest}).
     */
    private static void assertContractReading(Measurement m) {
        Instant at = m.measuredAt() == null ? RECEIVED : m.measuredAt();
        try {
            Reading reading = new Reading(Schema.VERSION, Reading.idFor(DEVICE, m.vital(), at, m.discriminator()),
                    "patient-1", DEVICE, null, m.vital(), m.value(), m.vital().isPanel() ? null : m.vital().unit(),
                    m.dataAbsentReason(), m.components(), at, RECEIVED, TimeSource.DEVICE, "c-1", m.qualifiers());
            assertThat(reading.vital()).isEqualTo(m.vital());
        } catch (IllegalArgumentException e) {
            assertThat(m.vital()).as("the contract refused %s: %s", m, e.getMessage())
                    .isEqualTo(VitalType.CONSCIOUSNESS);
            assertThat(Acvpu.of(m.value())).isEmpty();
        }
    }

    /**
     * Within the canonical range, or outside it by less than one unit of the value's last decimal: the range is
     * checked in the unit sent, before the exact conversion rounds (the binder checks the canonical value again).
     */
    private void assertPlausible(VitalType vital, BigDecimal value) {
        assertThat(value).isNotNull();
        bounds.rangeOf(vital).ifPresent(range -> {
            BigDecimal ulp = BigDecimal.ONE.scaleByPowerOfTen(-Math.max(0, value.scale()));
            assertThat(value).as("%s in %s", vital.code(), range)
                    .isBetween(range.min().subtract(ulp), range.max().add(ulp));
        });
    }

    /**
     * The measurement sent again as the simulators write device JSON (the contract's mapper over
     * {@link VitalMessage}), values in the canonical unit, decodes to itself. Only where the canonical form is
     * itself within the limits: a conversion adds decimals and may round across a plausibility bound.
     */
    private void assertRoundTrip(Measurement m) throws JsonProcessingException {
        if (bounds.check(m).isPresent() || !withinDigits(m)) {
            return;
        }
        String id = m.discriminator().startsWith("id=") ? m.discriminator().substring(3) : null;
        List<VitalMessage.ComponentMessage> components = m.vital().isPanel() ? m.components().stream()
                .map(c -> new VitalMessage.ComponentMessage(c.vital().code(), c.value(), c.unit())).toList() : null;
        VitalMessage message = new VitalMessage(id, DEVICE, m.vital().code(), m.value(), m.vital().unit(),
                m.measuredAt(), components);
        byte[] canonical = Json.mapper().writeValueAsBytes(message);

        List<DecodeResult<Measurement>> again = decoder.decode(canonical, DEVICE);

        assertThat(again).as("%s", new String(canonical, StandardCharsets.UTF_8))
                .containsExactly(DecodeResult.accepted(new Measurement(m.vital(), m.value(), m.dataAbsentReason(),
                        m.components(), m.measuredAt(), m.deviceClockUnset(), m.discriminator(), m.qualifiers(),
                        null)));
    }

    private boolean withinDigits(Measurement m) {
        int digits = json.limits().maxValueDigits();
        if (m.value() != null) {
            return Decimals.withinDigits(m.value(), digits);
        }
        return m.components().stream().allMatch(c -> Decimals.withinDigits(c.value(), digits));
    }
}
