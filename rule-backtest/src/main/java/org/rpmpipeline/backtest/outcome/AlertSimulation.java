package org.rpmpipeline.backtest.outcome;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.alerts.lifecycle.AlertKey;
import org.rpmpipeline.alerts.lifecycle.AlertLifecycle;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.alerts.lifecycle.Transition;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.alerts.notify.NotificationPolicy;
import org.rpmpipeline.alerts.notify.Snoozes;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.backtest.replay.ReplayClock;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertTimer;
import org.rpmpipeline.contract.finding.Finding;

/**
 * What the alert service would have made of a rule set's findings: each finding goes through the service's own
 * {@link AlertLifecycle} (at most one unresolved alert per patient and rule, merges, severity raises, late
 * findings capped below critical) on a clock showing the finding's detection time, and each notifying change
 * through its {@link NotificationPolicy} for the first tier of the patient's care team (severity floors, quiet
 * hours, and the clinicians' snoozes as recorded on {@code rpm.alert-timers}, each from the time it was set).
 * Only what happens inside the window is counted; the warm-up builds state.
 *
 * <p>Not simulated: acknowledgements and manual resolutions by clinicians, and therefore reminders and
 * escalations to further tiers (they depend on people's actions the candidate rules would have changed).
 */
public final class AlertSimulation {
    private final Window window;
    private final ReplayClock clock;
    private final AlertLifecycle lifecycle;
    private final NotificationPolicy policy;
    private final Snoozes snoozes = new Snoozes();
    /** Per patient and rule, the snoozes set, in the order they were set. */
    private final Map<AlertKey, List<AlertTimer>> snoozeHistory = new HashMap<>();
    private final Map<String, Tracked> alerts = new LinkedHashMap<>();
    private final Tally tally;

    /** @param snoozeHistory the clinicians' snoozes, each applying from when it was set ({@code updatedAt}) */
    public AlertSimulation(Window window, CareTeams teams, List<AlertTimer> snoozeHistory) {
        this.window = window;
        this.clock = new ReplayClock(window.replayFrom());
        this.lifecycle = new AlertLifecycle(new AlertStore(), clock);
        this.policy = new NotificationPolicy(teams, snoozes);
        snoozeHistory.stream().filter(t -> t.kind() == AlertTimer.Kind.SNOOZE).forEach(t -> this.snoozeHistory
                .computeIfAbsent(new AlertKey(t.patientId(), t.ruleId()), k -> new ArrayList<>()).add(t));
        this.tally = new Tally();
    }

    /** Applies the next finding; findings arrive in the order the topology wrote them. */
    public void accept(Finding finding) {
        Instant now = finding.detectedAt();
        clock.set(now);
        boolean counted = window.contains(now);
        if (counted) {
            tally.finding(finding);
        }
        Optional<Transition> change = lifecycle.apply(finding);
        if (change.isEmpty()) {
            return;
        }
        Transition transition = change.get();
        Alert alert = transition.alert();
        switch (transition.kind()) {
            case OPENED -> alerts.put(alert.alertId(), new Tracked(alert, episodeStart(finding)));
            case SEVERITY_RAISED -> alerts.computeIfPresent(alert.alertId(), (id, t) -> t.with(alert));
            case RESOLVED -> alerts.computeIfPresent(alert.alertId(), (id, t) -> t.resolved(now));
            default -> {
                // merged into an unresolved alert: no notification, nothing to count
            }
        }
        if (transition.notifies() && counted) {
            snoozeInForce(new AlertKey(alert.patientId(), alert.ruleId()), now);
            int recipients = policy.recipients(alert, 0, now).size();
            tally.notification(alert.ruleId(), recipients);
            alerts.computeIfPresent(alert.alertId(), (id, t) -> t.notified(recipients));
        }
    }

    /** The alerts raised so far (warm-up included), in the order they opened. */
    public List<SimulatedAlert> alerts() {
        List<SimulatedAlert> out = new ArrayList<>(alerts.size());
        alerts.values().forEach(t -> out.add(t.toAlert()));
        return out;
    }

    /** Findings and notifications inside the window, per rule (a live view). */
    public Tally tally() {
        return tally;
    }

    /** Makes {@link #snoozes} hold, for {@code key}, the snooze in force at {@code now} (the latest set by then). */
    private void snoozeInForce(AlertKey key, Instant now) {
        AlertTimer latest = null;
        for (AlertTimer snooze : snoozeHistory.getOrDefault(key, List.of())) {
            if (!snooze.updatedAt().isAfter(now)) {
                latest = snooze;
            }
        }
        // a snooze ending now or earlier is no snooze: the policy then forgets it
        snoozes.snooze(key, latest == null ? now : latest.snoozedUntil());
    }

    private static Instant episodeStart(Finding finding) {
        String start = finding.details().get("episodeStart");
        if (start != null) {
            try {
                return Instant.parse(start);
            } catch (DateTimeParseException e) {
                // a rule that writes it in another form: fall back to the window
            }
        }
        return finding.windowStart();
    }

    private record Tracked(Alert alert, Instant episodeStart, Instant resolvedAt, int notifications) {
        Tracked(Alert alert, Instant episodeStart) {
            this(alert, episodeStart, null, 0);
        }

        Tracked with(Alert raised) {
            return new Tracked(raised, episodeStart, resolvedAt, notifications);
        }

        Tracked resolved(Instant at) {
            return new Tracked(alert, episodeStart, at, notifications);
        }

        Tracked notified(int recipients) {
            return new Tracked(alert, episodeStart, resolvedAt, notifications + recipients);
        }

        SimulatedAlert toAlert() {
            return new SimulatedAlert(alert.alertId(), alert.patientId(), alert.ruleId(), episodeStart,
                    alert.openedAt(), alert.severity(), resolvedAt, notifications);
        }
    }
}
