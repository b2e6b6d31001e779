package org.rpmpipeline.alerts;

import java.time.Duration;
import org.rpmpipeline.contract.config.Settings;

/**
 * Reminders and escalation of unacknowledged alerts.
 *
 * @param enabled run the escalation check at all
 * @param remindAfter how long after opening an unacknowledged alert the first tier is reminded
 * @param escalateAfter how long after that (and after each escalation) the next tier is told
 * @param checkInterval how often open alerts are checked
 */
public record EscalationSettings(boolean enabled, Duration remindAfter, Duration escalateAfter,
        Duration checkInterval) {

    public static final String ENABLED = "rpm.alerts.escalation.enabled";
    public static final String REMIND_AFTER = "rpm.alerts.escalation.remind-after";
    public static final String ESCALATE_AFTER = "rpm.alerts.escalation.escalate-after";
    public static final String CHECK_INTERVAL = "rpm.alerts.escalation.check-interval";

    static EscalationSettings from(Settings settings) {
        return new EscalationSettings(settings.bool(ENABLED, true),
                positive(settings, REMIND_AFTER, Duration.ofMinutes(15)),
                positive(settings, ESCALATE_AFTER, Duration.ofMinutes(15)),
                positive(settings, CHECK_INTERVAL, Duration.ofSeconds(10)));
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw Settings.invalid(key, "must be positive", value.toString());
        }
        return value;
    }
}
