package org.rpmpipeline.alerts.lifecycle;

import java.util.Objects;
import org.rpmpipeline.contract.alert.Alert;

/**
 * A change to an alert, and whether the care team hears about it.
 *
 * @param alert the alert's new state
 * @param kind what happened
 */
public record Transition(Alert alert, Kind kind) {
    public Transition {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(kind, "kind");
    }

    /** True if this change is sent to the care team. */
    public boolean notifies() {
        return kind == Kind.OPENED || kind == Kind.SEVERITY_RAISED;
    }

    /** Kinds of change. */
    public enum Kind {
        /** A new alert for a patient and rule. */
        OPENED,
        /** Another finding merged into an unresolved alert (evidence, peak); no new notification. */
        UPDATED,
        /** A finding of higher severity merged into an unresolved alert: the care team is told again. */
        SEVERITY_RAISED,
        /** The condition ended (the processor reported it resolved, or a clinician resolved it). */
        RESOLVED,
        /** A clinician acknowledged the alert. */
        ACKNOWLEDGED
    }
}
