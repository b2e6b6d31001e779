package org.rpmpipeline.contract.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;

/**
 * Notification timing of the alert service that must survive a restart, on the compacted
 * {@code rpm.alert-timers} topic under {@link #key()}: a clinician's snooze of a patient + rule, or how many
 * escalation steps (reminder, then each further tier) of an open alert were carried out.
 *
 * @param ruleId the snoozed rule ({@code snooze}) or the alert's rule ({@code escalation})
 * @param alertId the escalated alert ({@code escalation}); for a snooze, the alert it was set on
 * @param snoozedUntil end of the snooze ({@code snooze} only)
 * @param escalationSteps steps done so far ({@code escalation} only; 0 for a snooze)
 * @param actor who set the snooze, {@code system} for escalation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertTimer(
        int schemaVersion,
        Kind kind,
        String patientId,
        String ruleId,
        String alertId,
        Instant snoozedUntil,
        int escalationSteps,
        Instant updatedAt,
        String actor) {

    /** What the record times. */
    public enum Kind {
        SNOOZE, ESCALATION;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertTimer {
        Schema.check(schemaVersion, "AlertTimer");
        Objects.requireNonNull(kind, "kind is required");
        Ids.require("patientId", patientId);
        Objects.requireNonNull(ruleId, "ruleId is required");
        Objects.requireNonNull(updatedAt, "updatedAt is required");
        if (kind == Kind.SNOOZE) {
            Objects.requireNonNull(snoozedUntil, "snoozedUntil is required for a snooze");
        } else {
            Objects.requireNonNull(alertId, "alertId is required for an escalation");
            if (escalationSteps < 1) {
                throw new IllegalArgumentException("escalationSteps must be at least 1, was " + escalationSteps);
            }
        }
    }

    /** A snooze of {@code patientId} + {@code ruleId} until {@code until}. */
    public static AlertTimer snooze(String patientId, String ruleId, String alertId, Instant until, Instant at,
            String actor) {
        return new AlertTimer(Schema.VERSION, Kind.SNOOZE, patientId, ruleId, alertId, until, 0, at, actor);
    }

    /** {@code steps} escalation steps of {@code alert} are done. */
    public static AlertTimer escalation(Alert alert, int steps, Instant at) {
        return new AlertTimer(Schema.VERSION, Kind.ESCALATION, alert.patientId(), alert.ruleId(), alert.alertId(),
                null, steps, at, "system");
    }

    /** The compaction key: {@code snooze/<patient>/<rule>} or {@code escalation/<alert>}. */
    public String key() {
        return kind == Kind.SNOOZE ? keyOfSnooze(patientId, ruleId) : keyOfEscalation(alertId);
    }

    public static String keyOfSnooze(String patientId, String ruleId) {
        return "snooze/" + patientId + "/" + ruleId;
    }

    public static String keyOfEscalation(String alertId) {
        return "escalation/" + alertId;
    }
}
