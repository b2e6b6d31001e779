package org.rpmpipeline.contract.patient;

import java.util.List;
import java.util.Objects;

/** Replacement bands for one threshold rule of one patient. */
public record ThresholdOverride(String ruleId, List<BandOverride> bands) {
    public ThresholdOverride {
        Objects.requireNonNull(ruleId, "ruleId is required");
        if (bands == null || bands.isEmpty()) {
            throw new IllegalArgumentException("override of " + ruleId + " needs at least one band");
        }
        bands = List.copyOf(bands);
    }
}
