package org.rpmpipeline.alerts.notify;

import java.time.Clock;
import java.util.Collection;
import java.util.function.Predicate;
import org.rpmpipeline.alerts.lifecycle.AlertKey;
import org.rpmpipeline.contract.alert.AlertTimer;

/**
 * The notification timing that outlives a restart: clinicians' {@link Snoozes} and the {@link Escalator}'s
 * progress, rebuilt from {@code rpm.alert-timers} for the partitions this instance owns.
 */
public final class NotificationTimers {
    private final Snoozes snoozes;
    private final Escalator escalator;
    private final Clock clock;

    public NotificationTimers(Snoozes snoozes, Escalator escalator, Clock clock) {
        this.snoozes = snoozes;
        this.escalator = escalator;
        this.clock = clock;
    }

    /** Applies the latest timer records (one per key); snoozes already over are ignored. */
    public void restore(Collection<AlertTimer> timers) {
        for (AlertTimer timer : timers) {
            if (timer.kind() == AlertTimer.Kind.SNOOZE) {
                if (clock.instant().isBefore(timer.snoozedUntil())) {
                    snoozes.snooze(new AlertKey(timer.patientId(), timer.ruleId()), timer.snoozedUntil());
                }
            } else {
                escalator.restore(timer.alertId(), timer.patientId(), timer.escalationSteps());
            }
        }
    }

    /** Forgets the timers of patients for which {@code owned} is false. */
    public void retainPatients(Predicate<String> owned) {
        snoozes.retainPatients(owned);
        escalator.retainPatients(owned);
    }
}
