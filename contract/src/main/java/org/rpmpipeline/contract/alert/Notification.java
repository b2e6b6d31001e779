package org.rpmpipeline.contract.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Severity;

/**
 * A notification that was sent, on {@code rpm.notifications} keyed by alert id.
 *
 * @param channel e.g. {@code console}, {@code webhook}, {@code email}
 * @param recipient the care-team member or endpoint, as configured (no patient data)
 * @param text what was sent, no more PHI than the channel allows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(
        int schemaVersion,
        String notificationId,
        String alertId,
        String patientId,
        String channel,
        String recipient,
        Severity severity,
        String text,
        Instant sentAt) {

    public Notification {
        Schema.check(schemaVersion, "Notification");
        Objects.requireNonNull(notificationId, "notificationId is required");
        Objects.requireNonNull(alertId, "alertId is required");
        Objects.requireNonNull(channel, "channel is required");
        Objects.requireNonNull(severity, "severity is required");
        Objects.requireNonNull(text, "text is required");
        Objects.requireNonNull(sentAt, "sentAt is required");
    }
}
