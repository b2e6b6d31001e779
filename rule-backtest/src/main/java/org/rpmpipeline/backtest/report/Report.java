package org.rpmpipeline.backtest.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A backtest's result, candidate against baseline over one window: what the terminal table, the JSON file and
 * the HTML report all render. Built only from the replayed history and the two rule sets, so the same inputs
 * give an identical report. Holds opaque patient ids and times, never values, summaries or device ids.
 *
 * @param notRaisedByCandidate the baseline's alerts (opened in the window) in episodes where the candidate raised
 *     none, for review one by one
 * @param raisedOnlyByCandidate the candidate's alerts (opened in the window) in episodes where the baseline raised
 *     none
 * @param identical true when the two rule sets produced the same counts and the same episodes
 */
public record Report(
        int schemaVersion,
        Period window,
        Input input,
        RuleSetInfo baseline,
        RuleSetInfo candidate,
        Compared totals,
        List<RuleRow> rules,
        List<SeverityRow> severities,
        List<AlertRef> notRaisedByCandidate,
        List<AlertRef> raisedOnlyByCandidate,
        TimeToFirstAlert timeToFirstAlert,
        boolean identical) {

    public static final int SCHEMA_VERSION = 1;

    /** The window, and where the replay started (the warm-up before {@code from}). */
    public record Period(Instant from, Instant to, Instant replayFrom, List<LocalDate> days) {
    }

    /**
     * What was replayed.
     *
     * @param readings readings with Kafka time in the window
     * @param warmUpReadings readings replayed before the window
     * @param patientDays distinct (patient, UTC day) pairs with a reading in the window
     * @param patientFilter how many patients the {@code --patients} file named, or {@code null} for all
     * @param undecodableReadings readings the topology could not decode (skipped, as live)
     */
    public record Input(long readings, long warmUpReadings, int patients, long patientDays, Integer patientFilter,
            long patientThresholdRecords, long deviceStatusRecords, long snoozes, long undecodableReadings) {
    }

    /** A rule set: the file it came from (name only), the SHA-256 of its bytes, its rule ids in file order. */
    public record RuleSetInfo(String file, String sha256, List<String> ruleIds) {
    }

    /**
     * One rule set's counts inside the window.
     *
     * @param findings ACTIVE and RESOLVED findings
     * @param alerts alerts opened (at most one unresolved per patient and rule; merges and raises not counted)
     * @param alertsPerPatientDay {@code alerts} divided by the window's patient-days
     * @param patientsAffected patients with at least one alert
     * @param notifications notifications to first-tier recipients after the policy (one per recipient)
     * @param notificationsHeld alert openings and raises the policy held back from every recipient
     * @param alertsBySeverity alerts by the highest severity each reached, {@code low} to {@code critical}
     * @param alertsPerDay alerts opened on each day of {@link Period#days()}
     */
    public record Counts(long findings, long activeFindings, long resolvedFindings, long alerts,
            BigDecimal alertsPerPatientDay, int patientsAffected, long notifications, long notificationsHeld,
            Map<String, Long> alertsBySeverity, List<Long> alertsPerDay) {
    }

    /** Baseline and candidate side by side. */
    public record Compared(Counts baseline, Counts candidate) {
    }

    /** One rule's counts, baseline and candidate. */
    public record RuleRow(String ruleId, Counts baseline, Counts candidate) {
    }

    /** ACTIVE findings and alerts of one severity, baseline and candidate. */
    public record SeverityRow(String severity, long baselineFindings, long candidateFindings, long baselineAlerts,
            long candidateAlerts) {
    }

    /** An alert to review: patient, rule, its highest severity and when its episode began, it opened, it ended. */
    public record AlertRef(String patientId, String ruleId, String severity, Instant episodeStart, Instant openedAt,
            Instant resolvedAt) {
    }

    /**
     * Time to first alert over the episodes both rule sets caught (DESIGN.md, "Episodes").
     *
     * @param episodes episodes with an alert opened in the window
     * @param candidateMinusBaseline per episode, the candidate's time minus the baseline's (negative: earlier)
     * @param histogram episodes by time to first alert, per rule set
     */
    public record TimeToFirstAlert(int episodes, int caughtByBoth, int baselineOnly, int candidateOnly,
            Stats baseline, Stats candidate, Stats candidateMinusBaseline, int candidateEarlier,
            int candidateLater, int same, List<Bucket> histogram) {
    }

    /** A distribution in seconds (nearest-rank percentiles); {@code null} where there are no episodes. */
    public record Stats(long minSeconds, long p50Seconds, long p90Seconds, long maxSeconds, BigDecimal meanSeconds) {
    }

    /** Episodes whose time to first alert falls in {@code [label)}, per rule set. */
    public record Bucket(String label, int baseline, int candidate) {
    }
}
