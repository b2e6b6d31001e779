package org.rpmpipeline.alerts.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;

/**
 * Escalation of unacknowledged alerts, driven by a clock: step 1, {@code remindAfter} after an alert opened,
 * reminds the first tier; step {@code n >= 2}, a further {@code escalateAfter} each, tells tier {@code n - 1},
 * until the patient's team has no more tiers. Acknowledging or resolving an alert cancels its pending steps
 * (only open alerts are considered). Steps done are kept in memory: after a restart a step may be repeated,
 * never skipped.
 */
public final class Escalator {
    private final AlertStore store;
    private final NotificationPolicy policy;
    private final Duration remindAfter;
    private final Duration escalateAfter;
    private final Map<String, Integer> stepsDone = new ConcurrentHashMap<>();

    public Escalator(AlertStore store, NotificationPolicy policy, Duration remindAfter, Duration escalateAfter) {
        this.store = store;
        this.policy = policy;
        this.remindAfter = remindAfter;
        this.escalateAfter = escalateAfter;
    }

    /** A due escalation step. */
    public record Step(Alert alert, Reason reason, int tier, int number) {
    }

    /** The next due step of every open alert at {@code now} (at most one per alert per call). */
    public List<Step> due(Instant now) {
        List<Step> due = new ArrayList<>();
        Set<String> open = new HashSet<>();
        for (Alert alert : store.list(a -> a.state() == AlertState.OPEN)) {
            open.add(alert.alertId());
            int next = stepsDone.getOrDefault(alert.alertId(), 0) + 1;
            int tier = next == 1 ? 0 : next - 1;
            if (tier >= policy.tiers(alert)) {
                continue;
            }
            if (!now.isBefore(dueAt(alert, next))) {
                due.add(new Step(alert, next == 1 ? Reason.REMINDER : Reason.ESCALATED, tier, next));
            }
        }
        stepsDone.keySet().retainAll(open);
        return due;
    }

    /** Records that {@code step} was carried out. */
    public void done(Step step) {
        stepsDone.merge(step.alert().alertId(), step.number(), Math::max);
    }

    private Instant dueAt(Alert alert, int step) {
        return alert.openedAt().plus(remindAfter).plus(escalateAfter.multipliedBy(step - 1L));
    }
}
