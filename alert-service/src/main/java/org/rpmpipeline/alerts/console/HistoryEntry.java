package org.rpmpipeline.alerts.console;

import java.time.Instant;
import org.rpmpipeline.contract.alert.AuditEvent;

/**
 * One line of an alert's history, from its audit record on {@code rpm.audit}: who did what and when, with the
 * reason or note they gave.
 */
public record HistoryEntry(String eventId, Instant at, String actor, String action, String detail) {
    static HistoryEntry of(AuditEvent event) {
        return new HistoryEntry(event.eventId(), event.at(), event.actor(), event.action(), event.detail());
    }

    /** The action in words, e.g. {@code acknowledged} for {@code alert.acknowledged}. */
    public String label() {
        String name = action.startsWith("alert.") ? action.substring("alert.".length()) : action;
        return switch (name) {
            case "opened" -> "opened";
            case "updated" -> "new finding merged";
            case "severity_raised" -> "severity raised";
            case "acknowledged" -> "acknowledged";
            case "resolved" -> "resolved";
            case "snoozed" -> "snoozed";
            case "note" -> "note";
            case "reminder" -> "reminder sent";
            case "escalation" -> "escalated";
            default -> name.replace('_', ' ');
        };
    }
}
