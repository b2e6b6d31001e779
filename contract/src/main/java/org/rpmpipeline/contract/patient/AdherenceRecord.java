package org.rpmpipeline.contract.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;

/**
 * A patient's measurement adherence for one UTC day, on {@code rpm.adherence}, keyed by patient id; one record per
 * patient, adherence rule and day, written by the stream processor after the day ends. {@code recordId} is
 * deterministic from rule, patient and day, so a re-run writes the same id.
 *
 * @param day the last (complete) day the record covers
 * @param windowDays length of the rolling window ending on {@code day}, e.g. 30
 * @param readingDays days with at least one reading within the rolling window
 * @param requiredDays reading days a period needs, e.g. 16 (US RPM device-supply rule)
 * @param periodStart first day of the patient's current monitoring period
 * @param periodReadingDays days with readings so far in the current period
 * @param reachableDays the most reading days the current period can still reach
 */
public record AdherenceRecord(
        int schemaVersion,
        String recordId,
        String patientId,
        String ruleId,
        LocalDate day,
        int windowDays,
        int readingDays,
        int requiredDays,
        LocalDate periodStart,
        int periodReadingDays,
        int reachableDays,
        Instant computedAt) {

    public AdherenceRecord {
        Schema.check(schemaVersion, "AdherenceRecord");
        Ids.require("recordId", recordId);
        Ids.require("patientId", patientId);
        Ids.require("ruleId", ruleId);
        Objects.requireNonNull(day, "day is required");
        Objects.requireNonNull(periodStart, "periodStart is required");
        Objects.requireNonNull(computedAt, "computedAt is required");
        if (windowDays < 1 || readingDays < 0 || readingDays > windowDays || requiredDays < 1) {
            throw new IllegalArgumentException("need windowDays >= 1, 0 <= readingDays <= windowDays, requiredDays >= 1");
        }
    }

    /** The deterministic id of the record of {@code ruleId} for {@code patientId} on {@code day}. */
    public static String idFor(String ruleId, String patientId, LocalDate day) {
        return Ids.deterministic("adherence", ruleId, patientId, day.toString());
    }

    /** True if the rolling window has at least {@code requiredDays} reading days. */
    public boolean meetsRequirement() {
        return readingDays >= requiredDays;
    }
}
