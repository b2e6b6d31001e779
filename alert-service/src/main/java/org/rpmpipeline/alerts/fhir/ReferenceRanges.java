package org.rpmpipeline.alerts.fhir;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The reference range per vital that Observation interpretations (H/L/HH/LL/N) are evaluated against. Each range
 * is inclusive: below {@code low} is L, above {@code high} is H, below {@code criticalLow} is LL, above
 * {@code criticalHigh} is HH, otherwise N. Any bound may be absent. Values are in the vital's canonical unit.
 *
 * <p>This is a display and audit aid on the FHIR record, not the alerting logic: alerts come from the stream
 * processor's rules. The defaults are published population ranges (below), read from the contract's clinical
 * reference file, overridable per deployment.
 */
public final class ReferenceRanges {
    /** One vital's bands. */
    public record Range(BigDecimal criticalLow, BigDecimal low, BigDecimal high, BigDecimal criticalHigh) {
        /** The interpretation code of {@code value}. */
        public String interpret(BigDecimal value) {
            if (criticalLow != null && value.compareTo(criticalLow) < 0) {
                return "LL";
            }
            if (criticalHigh != null && value.compareTo(criticalHigh) > 0) {
                return "HH";
            }
            if (low != null && value.compareTo(low) < 0) {
                return "L";
            }
            if (high != null && value.compareTo(high) > 0) {
                return "H";
            }
            return "N";
        }

        /** Parses {@code criticalLow,low,high,criticalHigh}; an empty field is no bound. */
        public static Range parse(String text) {
            String[] parts = text.split(",", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("expected criticalLow,low,high,criticalHigh");
            }
            Range range = new Range(number(parts[0]), number(parts[1]), number(parts[2]), number(parts[3]));
            if (range.low == null && range.high == null && range.criticalLow == null && range.criticalHigh == null) {
                throw new IllegalArgumentException("at least one bound is needed");
            }
            if (!ordered(range.criticalLow, range.low) || !ordered(range.low, range.high)
                    || !ordered(range.high, range.criticalHigh) || !ordered(range.criticalLow, range.criticalHigh)) {
                throw new IllegalArgumentException("bounds must be in order criticalLow <= low <= high <= criticalHigh");
            }
            return range;
        }

        private static BigDecimal number(String text) {
            return text.isBlank() ? null : new BigDecimal(text.trim());
        }

        private static boolean ordered(BigDecimal a, BigDecimal b) {
            return a == null || b == null || a.compareTo(b) <= 0;
        }

        @Override
        public String toString() {
            return text(criticalLow) + "," + text(low) + "," + text(high) + "," + text(criticalHigh);
        }

        private static String text(BigDecimal value) {
            return value == null ? "" : value.toPlainString();
        }
    }

    private final Map<VitalType, Range> ranges;

    private ReferenceRanges(Map<VitalType, Range> ranges) {
        this.ranges = Map.copyOf(ranges);
    }

    public static ReferenceRanges of(Map<VitalType, Range> ranges) {
        return new ReferenceRanges(ranges);
    }

    public static ReferenceRanges none() {
        return new ReferenceRanges(Map.of());
    }

    /**
     * Defaults: the {@code reference-ranges} section of the contract's clinical reference file, where each range
     * names its sources (whole-number vitals have integer bounds, so "91 or less" is "below 92"):
     * <ul>
     * <li>respiratory rate, SpO2 (scale 1), heart rate, temperature: the NEWS2 chart (Royal College of Physicians,
     * 2017): normal = the score-0 band, critical = the score-3 band (temperature: its highest band, score 2 at
     * 39.1 °C and above);</li>
     * <li>systolic and diastolic blood pressure: 2017 ACC/AHA: high from stage 2 hypertension (140 / 90 mmHg),
     * critical above the hypertensive crisis level (180 / 120 mmHg); low: NEWS2 systolic score 1 at 110 and
     * score 3 at 90 mmHg or less, diastolic below 60 mmHg (conventional hypotension);</li>
     * <li>glucose: ADA Standards of Care / international consensus on time in range (Battelino 2019): normal
     * 70–180 mg/dL (3.9–10.0 mmol/L), critical below 54 mg/dL (3.0 mmol/L, level 2 hypoglycaemia) and above 250
     * mg/dL (13.9 mmol/L, level 2 hyperglycaemia).</li>
     * </ul>
     * Weight, height, BMI and the NEWS2 inputs consciousness and inhaled oxygen have no population range and get
     * no interpretation.
     */
    public static ReferenceRanges defaults() {
        Map<VitalType, Range> map = new EnumMap<>(VitalType.class);
        ClinicalReference.bundled().referenceRanges().forEach((vital, r) -> map.put(vital,
                new Range(r.criticalLow(), r.low(), r.high(), r.criticalHigh())));
        return new ReferenceRanges(map);
    }

    /** This table with {@code vital}'s range replaced, or removed when {@code range} is empty. */
    public ReferenceRanges with(VitalType vital, Optional<Range> range) {
        Map<VitalType, Range> map = new EnumMap<>(VitalType.class);
        map.putAll(ranges);
        range.ifPresentOrElse(r -> map.put(vital, r), () -> map.remove(vital));
        return new ReferenceRanges(map);
    }

    public Optional<Range> of(VitalType vital) {
        return Optional.ofNullable(ranges.get(vital));
    }

    public Map<VitalType, Range> asMap() {
        return ranges;
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? "none" : ranges.toString();
    }
}
