package org.rpmpipeline.contract.patient;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.clinical.PlausibleRange;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * A patient's personal rule settings on the compacted topic {@code rpm.patient-thresholds}, keyed by patient id,
 * set by a clinician (e.g. a COPD patient on NEWS2 SpO2 scale 2, personal blood-pressure limits). Each change is a
 * new {@code version} that applies to readings measured from {@code effectiveFrom} on; findings record the
 * version that was in force. A tombstone removes every override of the patient.
 *
 * @param spo2Scale NEWS2 SpO2 scale, 1 or 2; {@code null} keeps the rule set's default
 * @param thresholds replacement bands for threshold rules, by rule id; rules not listed keep their bands
 * @param reason free text for the audit trail, without names or identifiers
 * @param homeOxygenFlow prescribed supplemental oxygen in L/min (e.g. 2 for home oxygen at 2 L/min), which NEWS2
 *     takes as "on oxygen" whenever no fresh {@code oxygen-flow} or {@code oxygen-concentration} reading says
 *     otherwise; {@code null} or 0 = no standing prescription; at most the plausible oxygen flow of the
 *     clinical reference file (70 L/min)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientThresholds(
        int schemaVersion,
        String patientId,
        int version,
        Instant effectiveFrom,
        Integer spo2Scale,
        List<ThresholdOverride> thresholds,
        String setBy,
        String reason,
        BigDecimal homeOxygenFlow) {


    public PatientThresholds {
        Schema.check(schemaVersion, "PatientThresholds");
        Ids.require("patientId", patientId);
        Ids.optional("setBy", setBy);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        Objects.requireNonNull(effectiveFrom, "effectiveFrom is required");
        if (spo2Scale != null && spo2Scale != 1 && spo2Scale != 2) {
            throw new IllegalArgumentException("spo2Scale must be 1 or 2, was " + spo2Scale);
        }
        if (homeOxygenFlow != null) {
            PlausibleRange plausible = ClinicalReference.bundled().plausibleRange(VitalType.OXYGEN_FLOW).orElseThrow();
            if (!plausible.contains(homeOxygenFlow)) {
                throw new IllegalArgumentException("homeOxygenFlow must be between " + plausible.min().toPlainString()
                        + " and " + plausible.max().toPlainString() + " L/min, was " + homeOxygenFlow.toPlainString());
            }
        }
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        Set<String> rules = new HashSet<>();
        for (ThresholdOverride override : thresholds) {
            if (!rules.add(override.ruleId())) {
                throw new IllegalArgumentException("rule " + override.ruleId() + " is overridden twice");
            }
        }
    }

    /** True if the patient has a standing supplemental-oxygen prescription above 0 L/min. */
    public boolean onHomeOxygen() {
        return homeOxygenFlow != null && homeOxygenFlow.signum() > 0;
    }
}
