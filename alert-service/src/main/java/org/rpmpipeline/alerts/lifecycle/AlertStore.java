package org.rpmpipeline.alerts.lifecycle;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;

/**
 * The latest state of every alert, by alert id, plus the unresolved alert per {@link AlertKey}. One writer (the
 * thread that owns the findings partitions) and any number of readers (the HTTP API). A batch that fails to reach
 * Kafka is rolled back with {@link #snapshot()} / {@link #restore(Snapshot)}.
 */
public final class AlertStore {
    private final Map<String, Alert> byId = new ConcurrentHashMap<>();
    private final Map<AlertKey, String> unresolved = new ConcurrentHashMap<>();

    /** The alert for {@code key} that is open or acknowledged, if any. */
    public Optional<Alert> unresolved(AlertKey key) {
        return Optional.ofNullable(unresolved.get(key)).map(byId::get);
    }

    public Optional<Alert> get(String alertId) {
        return Optional.ofNullable(byId.get(alertId));
    }

    /** Records the latest state of an alert. */
    public synchronized void put(Alert alert) {
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

    public int size() {
        return byId.size();
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(Map.copyOf(byId), Map.copyOf(unresolved));
    }

    /** Puts back the snapshot's state of {@code alertIds} only, leaving other alerts as they are now. */
    public synchronized void restore(Snapshot snapshot, Set<String> alertIds) {
        for (String alertId : alertIds) {
            Alert before = snapshot.byId().get(alertId);
            Alert now = byId.get(alertId);
            if (before != null) {
                put(before);
            } else if (now != null) {
                byId.remove(alertId);
                unresolved.remove(new AlertKey(now.patientId(), now.ruleId()), alertId);
            }
        }
    }

    public void restore(Snapshot snapshot) {
        byId.clear();
        byId.putAll(snapshot.byId());
        unresolved.clear();
        unresolved.putAll(snapshot.unresolved());
    }

    /** A point-in-time copy of the store. */
    public record Snapshot(Map<String, Alert> byId, Map<AlertKey, String> unresolved) {
        public Snapshot {
            byId = new HashMap<>(byId);
            unresolved = new HashMap<>(unresolved);
        }
    }
}
