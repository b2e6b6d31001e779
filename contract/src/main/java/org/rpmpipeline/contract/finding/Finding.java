package org.rpmpipeline.contract.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;

/**
 * A rule's conclusion about a patient on {@code rpm.findings}, keyed by patient id.
 *
 * @param findingId names this finding and no other: derived from its content ({@link #withContentId()}), so
 *     distinct findings never share an id while a re-run emits the same ids; findings a rule emits at most once
 *     per episode and status on the wall clock (silence, adherence) use {@link #idFor} instead
 * @param windowStart first instant the rule looked at (the reading time for a threshold rule)
 * @param windowEnd last instant the rule looked at
 * @param computedValue the value the rule compared (a reading value, a score, a delta)
 * @param summary a short text for care teams, free of names and identifiers
 * @param late true if the triggering data arrived long after it was measured (offline sync): such a finding
 *     never raises a real-time critical alert
 * @param details rule-specific values, e.g. NEWS2 sub-scores or the matched band; {@code current = true} on an
 *     ACTIVE finding means it restates the open episode's current state (a NEWS2 score that changed), so an
 *     alert shows its summary in place of the previous one
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

    /** Detail key marking an ACTIVE finding that restates the current state of an open episode. */
    public static final String CURRENT = "current";

    /**
     * The id of a finding that a rule emits at most once per episode and status, from rule, patient, window start
     * and status; for findings whose content depends on the wall clock (a silence measured in minutes), where the
     * content id would differ between runs.
     */
    public static String idFor(String ruleId, String patientId, Instant windowStart, FindingStatus status) {
        return Ids.deterministic("finding", ruleId, patientId, windowStart.toString(), status.code());
    }

    /**
     * This finding with its id derived from everything it says except the id and {@code detectedAt}: rule and
     * version, severity, status, patient, devices, window, evidence, value (with its scale), summary, lateness and
     * details. Two findings that differ in any of these get different ids; the same content always gets the same id.
     */
    public Finding withContentId() {
        StringBuilder content = new StringBuilder(256);
        part(content, ruleId).part(content, String.valueOf(ruleVersion)).part(content, severity.code());
        part(content, status.code()).part(content, patientId).part(content, String.join(",", deviceIds));
        part(content, windowStart.toString()).part(content, windowEnd.toString());
        for (Evidence e : evidence) {
            part(content, e.readingId()).part(content, e.vital().code())
                    .part(content, e.value() == null ? "" : e.value().toString())
                    .part(content, String.valueOf(e.unit())).part(content, e.measuredAt().toString());
        }
        part(content, computedValue == null ? "" : computedValue.toString());
        part(content, String.valueOf(summary)).part(content, String.valueOf(late));
        new TreeMap<>(details).forEach((k, v) -> part(content, k).part(content, v));
        String id = Ids.deterministic("finding", content.toString());
        return new Finding(schemaVersion, id, ruleId, ruleVersion, severity, status, patientId, deviceIds,
                windowStart, windowEnd, evidence, computedValue, summary, detectedAt, late, details);
    }

    /** This finding with {@code key = value} added to its details and its content id recomputed. */
    public Finding withDetail(String key, String value) {
        Map<String, String> more = new HashMap<>(details);
        more.put(key, value);
        return new Finding(schemaVersion, findingId, ruleId, ruleVersion, severity, status, patientId, deviceIds,
                windowStart, windowEnd, evidence, computedValue, summary, detectedAt, late, more).withContentId();
    }

    /** Appends one length-prefixed part, so no choice of field text can make two contents read the same. */
    private Finding part(StringBuilder content, String text) {
        content.append(text.length()).append(':').append(text);
        return this;
    }
}
