package org.rpmpipeline.alerts.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;

/**
 * Applies findings to alerts without alert fatigue. For a patient and rule there is at most one unresolved alert:
 * <ul>
 *   <li>an active finding with no unresolved alert opens one (notified);</li>
 *   <li>an active finding while one is open or acknowledged merges into it: its id joins the evidence and the peak
 *       value moves if it is more extreme; a higher severity raises the alert's severity and is notified again,
 *       the same or lower severity is not; a finding that restates the episode's current state
 *       ({@code details.current}, e.g. a NEWS2 score that changed) replaces the alert's summary whatever its
 *       severity, so the alert never shows a score that is no longer true;</li>
 *   <li>a resolved finding resolves the unresolved alert (not notified);</li>
 *   <li>a finding already merged (a redelivery) changes nothing.</li>
 * </ul>
 * A late finding (offline sync) never raises a critical alert: its severity is capped at high.
 *
 * <p>One thread applies the findings of a partition, which is what keeps two findings for the same patient
 * from racing across instances (findings are keyed by patient id); within an instance the methods are
 * synchronized so HTTP commands and findings do not interleave.
 */
public final class AlertLifecycle {
    /** The actor recorded for changes the service makes by itself. */
    public static final String SYSTEM_ACTOR = "system";

    private final AlertStore store;
    private final Clock clock;

    public AlertLifecycle(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The change {@code finding} makes, already applied to the store; empty if it changes nothing. */
    public synchronized Optional<Transition> apply(Finding finding) {
        AlertKey key = new AlertKey(finding.patientId(), finding.ruleId());
        Optional<Alert> current = store.unresolved(key);
        if (current.isPresent() && current.get().findingIds().contains(finding.findingId())) {
            return Optional.empty();
        }
        Optional<Transition> transition = finding.status() == FindingStatus.RESOLVED
                ? current.map(alert -> resolve(alert, finding))
                : Optional.of(current.map(alert -> merge(alert, finding)).orElseGet(() -> open(finding)));
        transition.ifPresent(t -> store.put(t.alert()));
        return transition;
    }

    /**
     * Acknowledges an open alert. Acknowledging an acknowledged alert changes nothing (empty).
     *
     * @throws java.util.NoSuchElementException if there is no such alert
     * @throws IllegalStateException if the alert is resolved
     */
    public synchronized Optional<Transition> acknowledge(String alertId, String actor) {
        Alert alert = store.get(alertId).orElseThrow();
        if (alert.state() == AlertState.RESOLVED) {
            throw new IllegalStateException("alert " + alertId + " is resolved");
        }
        if (alert.state() == AlertState.ACKNOWLEDGED) {
            return Optional.empty();
        }
        return Optional.of(put(new Transition(with(alert, AlertState.ACKNOWLEDGED, actor),
                Transition.Kind.ACKNOWLEDGED)));
    }

    /**
     * Resolves an alert by hand. Resolving a resolved alert changes nothing (empty).
     *
     * @throws java.util.NoSuchElementException if there is no such alert
     */
    public synchronized Optional<Transition> resolve(String alertId, String actor) {
        Alert alert = store.get(alertId).orElseThrow();
        if (alert.state() == AlertState.RESOLVED) {
            return Optional.empty();
        }
        return Optional.of(put(new Transition(with(alert, AlertState.RESOLVED, actor), Transition.Kind.RESOLVED)));
    }

    private Transition put(Transition transition) {
        store.put(transition.alert());
        return transition;
    }

    private Alert with(Alert alert, AlertState state, String actor) {
        return new Alert(Schema.VERSION, alert.alertId(), alert.patientId(), alert.ruleId(), alert.severity(), state,
                alert.findingIds(), alert.peakValue(), alert.summary(), alert.openedAt(), clock.instant(), actor);
    }

    private Transition open(Finding finding) {
        Instant now = clock.instant();
        Alert alert = new Alert(Schema.VERSION, alertIdFor(finding), finding.patientId(), finding.ruleId(),
                severityOf(finding), AlertState.OPEN, List.of(finding.findingId()), finding.computedValue(),
                finding.summary(), now, now, SYSTEM_ACTOR);
        return new Transition(alert, Transition.Kind.OPENED);
    }

    private Transition merge(Alert alert, Finding finding) {
        Severity severity = severityOf(finding);
        boolean raised = severity.compareTo(alert.severity()) > 0;
        Alert merged = new Alert(Schema.VERSION, alert.alertId(), alert.patientId(), alert.ruleId(),
                raised ? severity : alert.severity(), alert.state(), append(alert, finding),
                PeakPolicy.peak(alert.peakValue(), finding),
                raised || alert.summary() == null || isCurrent(finding) ? finding.summary() : alert.summary(),
                alert.openedAt(), clock.instant(), SYSTEM_ACTOR);
        return new Transition(merged, raised ? Transition.Kind.SEVERITY_RAISED : Transition.Kind.UPDATED);
    }

    private Transition resolve(Alert alert, Finding finding) {
        Alert resolved = new Alert(Schema.VERSION, alert.alertId(), alert.patientId(), alert.ruleId(),
                alert.severity(), AlertState.RESOLVED, append(alert, finding), alert.peakValue(), alert.summary(),
                alert.openedAt(), clock.instant(), SYSTEM_ACTOR);
        return new Transition(resolved, Transition.Kind.RESOLVED);
    }

    /**
     * The alert's finding ids with {@code finding}'s added, at most {@link Alert#MAX_FINDING_IDS}: the opening one and
     * the latest. A finding read again that has dropped out merges as an update, which never notifies (an alert's
     * severity is already the highest of its findings) and leaves the peak as it was.
     */
    private static List<String> append(Alert alert, Finding finding) {
        List<String> old = alert.findingIds();
        List<String> ids = new ArrayList<>(Math.min(old.size() + 1, Alert.MAX_FINDING_IDS));
        if (old.size() < Alert.MAX_FINDING_IDS) {
            ids.addAll(old);
        } else {
            ids.add(old.get(0));
            ids.addAll(old.subList(old.size() - (Alert.MAX_FINDING_IDS - 2), old.size()));
        }
        ids.add(finding.findingId());
        return ids;
    }

    /** True for a finding that restates the current state of its episode (NEWS2's restated score). */
    private static boolean isCurrent(Finding finding) {
        return "true".equals(finding.details().get(Finding.CURRENT));
    }

    private static Severity severityOf(Finding finding) {
        return finding.late() && finding.severity() == Severity.CRITICAL ? Severity.HIGH : finding.severity();
    }

    /** The alert id opened by {@code finding}: deterministic, so a replay opens the same alert. */
    static String alertIdFor(Finding finding) {
        return Ids.deterministic("alert", finding.patientId(), finding.ruleId(), finding.findingId());
    }
}
