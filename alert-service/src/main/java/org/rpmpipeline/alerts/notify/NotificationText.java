package org.rpmpipeline.alerts.notify;

import java.util.Locale;
import org.rpmpipeline.contract.alert.Alert;

/**
 * The words sent to care teams. Built from the alert's rule, severity and the finding summary (which the
 * processor writes free of names and identifiers); never the patient id.
 */
public final class NotificationText {
    private NotificationText() {
    }

    /** A one-line text, e.g. {@code CRITICAL spo2-low: SpO2 below 92 % (alert 1f0c...)}. */
    public static String of(Alert alert, Reason reason) {
        String prefix = switch (reason) {
            case OPENED -> "";
            case SEVERITY_RAISED -> "severity raised to ";
            case REMINDER -> "reminder, not acknowledged: ";
            case ESCALATED -> "escalated, not acknowledged: ";
        };
        String summary = alert.summary() == null ? "" : ": " + alert.summary();
        return prefix + alert.severity().name().toUpperCase(Locale.ROOT) + " " + alert.ruleId() + summary
                + " (alert " + alert.alertId() + ")";
    }

    /** A text with no clinical content at all, for channels that must not carry any (e.g. email). */
    public static String minimal(Alert alert, String link) {
        return alert.severity().name().toUpperCase(Locale.ROOT) + " alert " + alert.alertId()
                + (link == null ? "" : ": " + link);
    }
}
