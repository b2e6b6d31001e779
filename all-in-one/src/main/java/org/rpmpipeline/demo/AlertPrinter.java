package org.rpmpipeline.demo;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;

/**
 * Prints each alert state change as it arrives, one line with the seconds since the command started, and counts
 * the alerts of each patient for a closing summary:
 *
 * <pre>
 * [  27.0 s] ALERT open         high     spo2-low               patient-0002   Oxygen saturation low: ...
 * </pre>
 *
 * The terminal is the operator's own (simulated data in the demo, a local stack): these lines are output, not logs.
 */
final class AlertPrinter implements Consumer<Alert> {
    private final PrintWriter out;
    private final long startedNanos;
    private final Map<String, Set<String>> alertsByPatient = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    AlertPrinter(PrintWriter out, long startedNanos) {
        this.out = out;
        this.startedNanos = startedNanos;
    }

    @Override
    public synchronized void accept(Alert alert) {
        alertsByPatient.computeIfAbsent(alert.patientId(), p -> new HashSet<>()).add(alert.alertId());
        boolean first = seen.add(alert.alertId());
        String event = alert.state() == AlertState.OPEN && !first ? "updated" : alert.state().code();
        out.printf("[%6.1f s] ALERT %-12s %-8s %-22s %-14s %s%n", (System.nanoTime() - startedNanos) / 1e9, event,
                alert.severity().code(), alert.ruleId(), alert.patientId(),
                alert.summary() == null ? "" : alert.summary());
        out.flush();
    }

    /** How many distinct alerts {@code patientId} has had so far. */
    synchronized int alertsFor(String patientId) {
        return alertsByPatient.getOrDefault(patientId, Set.of()).size();
    }
}
