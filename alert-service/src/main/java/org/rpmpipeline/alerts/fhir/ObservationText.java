package org.rpmpipeline.alerts.fhir;

import java.math.BigDecimal;
import java.util.StringJoiner;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The one-line narratives of Observations: what was measured, the value with its unit (or why there is none) and
 * when, e.g. {@code Heart rate: 72 /min, measured 2026-03-15T08:30:00Z}. No identifiers.
 */
final class ObservationText {
    private ObservationText() {
    }

    static String of(Reading reading) {
        String value;
        if (reading.vital().isPanel()) {
            StringJoiner parts = new StringJoiner(", ");
            for (Component c : reading.components()) {
                parts.add(c.vital().display() + " " + quantity(c.value(), c.vital(),
                        c.dataAbsentReason() == null ? null : c.dataAbsentReason().code()));
            }
            value = parts.toString();
        } else {
            value = quantity(reading.value(), reading.vital(),
                    reading.dataAbsentReason() == null ? null : reading.dataAbsentReason().code());
        }
        return reading.vital().display() + ": " + value + ", measured " + reading.measuredAt();
    }

    static String of(SampledGroup group) {
        BigDecimal[] values = group.values();
        int present = 0;
        for (BigDecimal value : values) {
            present += value == null ? 0 : 1;
        }
        return group.vital().display() + " (" + group.vital().unit() + "): " + present + " of " + values.length
                + " samples, one per " + group.slot().toMillis() + " ms, from " + group.start() + " to "
                + group.end();
    }

    /** The narrative of an evidence Observation registered before its reading's own Observation arrived. */
    static String registered(VitalType vital, java.time.Instant measuredAt) {
        return vital.display() + " measured " + measuredAt + ": registered as evidence of an alert; the result "
                + "follows with the reading's own Observation";
    }

    private static String quantity(BigDecimal value, VitalType vital, String absent) {
        return value != null ? value.toPlainString() + " " + vital.unit() : "no value (" + absent + ")";
    }
}
