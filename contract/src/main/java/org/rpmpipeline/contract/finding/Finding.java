package org.rpmpipeline.contract.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;

/**
 * A rule's conclusion about a patient on {@code rpm.findings}, keyed by patient id.
 *
 * @param findingId deterministic from rule, patient and window start: a re-run emits the same id
 * @param windowStart first instant the rule looked at (the reading time for a threshold rule)
 * @param windowEnd last instant the rule looked at
 * @param computedValue the value the rule compared (a reading value, a score, a delta)
 * @param summary a short text for care teams, free of names and identifiers
 * @param late true if the triggering data arrived long after it was measured (offline sync): such a finding
 *     never raises a real-time critical alert
 * @param details rule-specific values, e.g. NEWS2 sub-scores or the matched band
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
        int schemaVersion,
        String findingId,
        String ruleId,
        int ruleVersion,
        Severity severity,
        FindingStatus status,
        String patientId,
        List<String> deviceIds,
        Instant windowStart,
        Instant windowEnd,
        List<Evidence> evidence,
        BigDecimal computedValue,
        String summary,
        Instant detectedAt,
        boolean late,
        Map<String, String> details) {

    public Finding {
        Schema.check(schemaVersion, "Finding");
        Objects.requireNonNull(findingId, "findingId is required");
        Objects.requireNonNull(ruleId, "ruleId is required");
        Objects.requireNonNull(severity, "severity is required");
        Objects.requireNonNull(status, "status is required");
        Ids.require("patientId", patientId);
        Objects.requireNonNull(windowStart, "windowStart is required");
        Objects.requireNonNull(windowEnd, "windowEnd is required");
        Objects.requireNonNull(detectedAt, "detectedAt is required");
        deviceIds = deviceIds == null ? List.of() : List.copyOf(deviceIds);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The finding id for a rule, patient, window and status: the same inputs always give the same id. */
    public static String idFor(String ruleId, String patientId, Instant windowStart, FindingStatus status) {
        return Ids.deterministic("finding", ruleId, patientId, windowStart.toString(), status.code());
    }
}
