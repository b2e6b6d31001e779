package org.rpmpipeline.alerts.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;

/**
 * The latest state of every alert, by alert id, plus the unresolved alert per {@link AlertKey}. One writer (the
 * thread that owns the findings partitions) and any number of readers (the HTTP API). A batch that fails to reach
 * Kafka is rolled back with {@link #beginBatch()} / {@link #rollBackBatch()}: the store keeps the earlier state of
 * the alerts the batch changed only, so a batch costs the same however many alerts the store holds.
 */
public final class AlertStore {
    private final Map<String, Alert> byId = new ConcurrentHashMap<>();
    private final Map<AlertKey, String> unresolved = new ConcurrentHashMap<>();
    /** Each alert the batch's thread changed, as it was before the batch (null: the batch created it). */
    private Map<String, Alert> beforeBatch;
    private Thread batchThread;

    /** The alert for {@code key} that is open or acknowledged, if any. */
    public Optional<Alert> unresolved(AlertKey key) {
        return Optional.ofNullable(unresolved.get(key)).map(byId::get);
    }

    public Optional<Alert> get(String alertId) {
        return Optional.ofNullable(byId.get(alertId));
    }

    /** Records the latest state of an alert. */
    public synchronized void put(Alert alert) {
        if (beforeBatch != null && batchThread == Thread.currentThread()
                && !beforeBatch.containsKey(alert.alertId())) {
            beforeBatch.put(alert.alertId(), byId.get(alert.alertId()));
        }
        byId.put(alert.alertId(), alert);
        AlertKey key = new AlertKey(alert.patientId(), alert.ruleId());
        if (alert.state() == AlertState.RESOLVED) {
            unresolved.remove(key, alert.alertId());
        } else {
            unresolved.put(key, alert.alertId());
        }
    }

    /** Every alert matching {@code filter}, newest update first. */
    public List<Alert> list(Predicate<Alert> filter) {
        return byId.values().stream().filter(filter)
                .sorted(Comparator.comparing(Alert::updatedAt).reversed().thenComparing(Alert::alertId))
                .toList();
    }

    /** Drops the alerts of the patients for which {@code owned} is false (partitions this instance lost). */
    public void retainPatients(Predicate<String> owned) {
        byId.values().removeIf(alert -> !owned.test(alert.patientId()));
        unresolved.keySet().removeIf(key -> !owned.test(key.patientId()));
    }

    /**
     * Drops the alerts resolved before {@code before}; returns how many. Unresolved alerts are always kept (the
     * lifecycle merges findings into them), so what the store holds is bounded by the alerts open now and those
     * resolved since {@code before}, however long the service runs.
     */
    public synchronized int pruneResolved(Instant before) {
        int size = byId.size();
        byId.values().removeIf(alert -> alert.state() == AlertState.RESOLVED && alert.updatedAt().isBefore(before));
        return size - byId.size();
    }

    public int size() {
        return byId.size();
    }

    /**
     * Starts a batch of the calling thread's changes, ending the one before it: until the next call,
     * {@link #rollBackBatch()} undoes what this thread changed. Changes other threads make meanwhile (a clinician's
     * acknowledgement) are theirs and stay.
     */
    public synchronized void beginBatch() {
        beforeBatch = new HashMap<>();
        batchThread = Thread.currentThread();
    }

    /** Puts back every alert the current batch changed as it was before the batch, and ends the batch. */
    public synchronized void rollBackBatch() {
        if (beforeBatch == null) {
            return;
        }
        Map<String, Alert> before = beforeBatch;
        beforeBatch = null;
        batchThread = null;
        before.forEach((alertId, alert) -> {
            if (alert != null) {
                put(alert);
            } else {
                Alert now = byId.remove(alertId);
                if (now != null) {
                    unresolved.remove(new AlertKey(now.patientId(), now.ruleId()), alertId);
                }
            }
        });
    }
}
