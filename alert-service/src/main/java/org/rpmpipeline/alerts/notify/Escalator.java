package org.rpmpipeline.alerts.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;

/**
 * Escalation of unacknowledged alerts, driven by a clock: step 1, {@code remindAfter} after an alert opened,
 * reminds the first tier; step {@code n >= 2}, a further {@code escalateAfter} each, tells tier {@code n - 1},
 * until the patient's team has no more tiers. Acknowledging or resolving an alert cancels its pending steps
 * (only open alerts are considered). The steps done are recorded on {@code rpm.alert-timers} by the caller and
 * {@linkplain #restore restored} on partition assignment, so a restart neither repeats nor skips a step; a step
 * that came due while the service was down is offered at the first check after the restart.
 */
public final class Escalator {
    private final AlertStore store;
    private final NotificationPolicy policy;
    private final Duration remindAfter;
    private final Duration escalateAfter;
    private final Map<String, Progress> stepsDone = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    public Escalator(AlertStore store, NotificationPolicy policy, Duration remindAfter, Duration escalateAfter) {
        this.store = store;
        this.policy = policy;
        this.remindAfter = remindAfter;
        this.escalateAfter = escalateAfter;
    }

    /** A due escalation step. */
    public record Step(Alert alert, Reason reason, int tier, int number) {
    }

    private record Progress(String patientId, int steps) {
        Progress max(Progress other) {
            return other.steps > steps ? other : this;
        }
    }

    /** The next due step of every open alert at {@code now} (at most one per alert per call). */
    public List<Step> due(Instant now) {
        List<Step> due = new ArrayList<>();
        for (Alert alert : store.list(a -> a.state() == AlertState.OPEN)) {
            Progress done = stepsDone.get(alert.alertId());
            int next = (done == null ? 0 : done.steps()) + 1;
            int tier = next == 1 ? 0 : next - 1;
            if (tier >= policy.tiers(alert)) {
                continue;
            }
            if (!now.isBefore(dueAt(alert, next))) {
                due.add(new Step(alert, next == 1 ? Reason.REMINDER : Reason.ESCALATED, tier, next));
            }
        }
        // progress of an alert another instance owns stays until the partition is revoked (retainPatients):
        // the store may simply not have restored it yet
        stepsDone.keySet().removeIf(alertId -> {
            Optional<Alert> alert = store.get(alertId);
            if (alert.isPresent() && alert.get().state() != AlertState.OPEN) {
                ended.add(alertId);
                return true;
            }
            return false;
        });
        return due;
    }

    /** Records that {@code step} was carried out. */
    public void done(Step step) {
        stepsDone.merge(step.alert().alertId(), new Progress(step.alert().patientId(), step.number()),
                Progress::max);
    }

    /** Restores progress read back from {@code rpm.alert-timers}: {@code steps} steps of the alert were done. */
    public void restore(String alertId, String patientId, int steps) {
        stepsDone.merge(alertId, new Progress(patientId, steps), Progress::max);
    }

    /** Steps done so far for {@code alertId} (0 if none). */
    public int stepsDone(String alertId) {
        Progress done = stepsDone.get(alertId);
        return done == null ? 0 : done.steps();
    }

    /** Alert ids whose escalation ended (acknowledged or resolved) since the last call: their records can go. */
    public List<String> drainEnded() {
        List<String> out = new ArrayList<>(ended);
        ended.removeAll(out);
        return out;
    }

    /** Forgets the progress of patients for which {@code owned} is false (partitions this instance lost). */
    public void retainPatients(Predicate<String> owned) {
        stepsDone.values().removeIf(progress -> !owned.test(progress.patientId()));
    }

    private Instant dueAt(Alert alert, int step) {
        return alert.openedAt().plus(remindAfter).plus(escalateAfter.multipliedBy(step - 1L));
    }
}
