package org.rpmpipeline.contract.finding;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.vital.VitalType;

/** A reading a finding rests on. */
public record Evidence(String readingId, VitalType vital, BigDecimal value, String unit, Instant measuredAt) {
    public Evidence {
        Objects.requireNonNull(readingId, "readingId is required");
        Objects.requireNonNull(vital, "vital is required");
        Objects.requireNonNull(measuredAt, "measuredAt is required");
    }
}
