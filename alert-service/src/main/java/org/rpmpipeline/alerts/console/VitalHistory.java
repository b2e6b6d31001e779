package org.rpmpipeline.alerts.console;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Where a patient's trends come from: the vital-signs Observations the pipeline wrote, read through this small
 * query so the console does not care whether they live in the in-process FHIR server ({@link InProcessVitalHistory})
 * or, later, an external one searched by {@code patient}, {@code code} and {@code date}.
 */
public interface VitalHistory {
    /**
     * The patient's readings measured within {@code [from, to]}, oldest first; a blood-pressure panel gives one
     * point per component. At most {@code limit} points: the newest are kept.
     */
    List<Point> points(String patientId, Instant from, Instant to, int limit);

    /** One measured value. */
    record Point(VitalType vital, Instant at, BigDecimal value) {
    }

    /** No trends (no FHIR server to read them from). */
    static VitalHistory none() {
        return (patientId, from, to, limit) -> List.of();
    }
}
