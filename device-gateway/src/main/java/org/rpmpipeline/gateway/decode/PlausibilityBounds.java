package org.rpmpipeline.gateway.decode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Physiological plausibility bounds per vital, inclusive, in the canonical unit. A value outside them is not a
 * clinical finding but a device or transcription error, so the gateway dead-letters it instead of letting a rule
 * fire on it. These are not clinical thresholds: they are deliberately wide.
 *
 * <p>Every default is a <b>product decision</b> (no guideline defines "impossible" values): the bounds sit well
 * outside anything a living, measurable patient can show and outside the clinical thresholds in shared DOMAIN.md
 * section 3, so no real alarm value is ever dead-lettered. They are read from the contract's clinical reference
 * file ({@code clinical/clinical-reference.yaml}), beside the clinical numbers they must stay outside of. Each
 * bound can be changed with
 * {@code rpm.gateway.plausible.<vital-code>=min..max}, e.g. {@code rpm.gateway.plausible.spo2=50..100}.
 */
public final class PlausibilityBounds {
    /** The key prefix; the vital's wire code follows. */
    public static final String KEY_PREFIX = "rpm.gateway.plausible.";
    private static final Pattern RANGE = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*\\.\\.\\s*(-?\\d+(?:\\.\\d+)?)");

    /** An inclusive range. */
    public record Range(BigDecimal min, BigDecimal max) {
        public boolean contains(BigDecimal value) {
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return Decimals.describe(min) + ".." + Decimals.describe(max);
        }
    }

    private final Map<VitalType, Range> ranges;

    private PlausibilityBounds(Map<VitalType, Range> ranges) {
        this.ranges = Collections.unmodifiableMap(new EnumMap<>(ranges));
    }

    /**
     * The defaults: the {@code plausibility} section of the contract's clinical reference file, where each bound
     * names its rationale (product decisions, see also the module README).
     */
    public static PlausibilityBounds defaults() {
        Map<VitalType, Range> r = new EnumMap<>(VitalType.class);
        ClinicalReference.bundled().plausibility().forEach((vital, range) -> r.put(vital,
                new Range(range.min(), range.max())));
        return new PlausibilityBounds(r);
    }

    /** The defaults with any {@code rpm.gateway.plausible.<vital>} keys of {@code settings} applied. */
    public static PlausibilityBounds from(Settings settings) {
        Map<VitalType, Range> r = new EnumMap<>(defaults().ranges);
        for (VitalType vital : VitalType.values()) {
            if (vital.isPanel()) {
                continue;
            }
            String key = KEY_PREFIX + vital.code();
            Optional<String> raw = settings.raw(key);
            if (raw.isPresent()) {
                Matcher m = RANGE.matcher(raw.get());
                if (!m.matches()) {
                    throw Settings.invalid(key, "must be a range min..max such as 50..100", raw.get());
                }
                Range range = new Range(new BigDecimal(m.group(1)), new BigDecimal(m.group(2)));
                if (range.min().compareTo(range.max()) > 0) {
                    throw Settings.invalid(key, "must have min <= max", raw.get());
                }
                r.put(vital, range);
            }
        }
        return new PlausibilityBounds(r);
    }

    public Optional<Range> rangeOf(VitalType vital) {
        return Optional.ofNullable(ranges.get(vital));
    }

    /** A detail naming the implausible value, or empty if every number of {@code m} is plausible. */
    public Optional<String> check(Measurement m) {
        if (m.value() != null) {
            return check(m.vital(), m.value());
        }
        for (Component c : m.components()) {
            if (c.value() != null) {
                Optional<String> problem = check(c.vital(), c.value());
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> check(VitalType vital, BigDecimal value) {
        Range range = ranges.get(vital);
        if (range == null || range.contains(value)) {
            return Optional.empty();
        }
        return Optional.of(vital.code() + " value " + Decimals.describe(value) + " " + vital.unit()
                + " is outside the plausible range " + range);
    }

    /**
     * Checks a value in the unit the device sent, before it is converted: the range is converted instead (rounded
     * outward where the conversion does not terminate), so the arithmetic of the conversion never sees an
     * implausible device value. Empty if plausible, if the vital has no range or if the unit is not one
     * {@link UnitConversion} knows (that is a unit mismatch, reported elsewhere). The canonical check after
     * conversion stays exact.
     */
    public Optional<String> checkAsSent(VitalType vital, BigDecimal value, String unit) {
        Range range = ranges.get(vital);
        if (range == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> min = UnitConversion.fromCanonical(vital, range.min(), unit, RoundingMode.FLOOR);
        Optional<BigDecimal> max = UnitConversion.fromCanonical(vital, range.max(), unit, RoundingMode.CEILING);
        if (min.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        Range sent = new Range(min.get().stripTrailingZeros(), max.get().stripTrailingZeros());
        if (sent.contains(value)) {
            return Optional.empty();
        }
        String canonical = unit.equals(vital.unit()) ? "" : " (" + range + " " + vital.unit() + ")";
        return Optional.of(vital.code() + " value " + Decimals.describe(value) + " " + unit
                + " is outside the plausible range " + sent + " " + unit + canonical);
    }

    @Override
    public String toString() {
        return "PlausibilityBounds" + ranges;
    }
}
