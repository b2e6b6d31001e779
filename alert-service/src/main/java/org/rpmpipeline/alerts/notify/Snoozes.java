package org.rpmpipeline.alerts.notify;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.rpmpipeline.alerts.lifecycle.AlertKey;

/**
 * Patient + rule pairs a clinician has snoozed, until when. The API records each snooze on
 * {@code rpm.alert-timers} before it takes effect here, and snoozes are restored from there on partition
 * assignment, so a restart does not forget them.
 */
public final class Snoozes {
    private final Map<AlertKey, Instant> until = new ConcurrentHashMap<>();

    public void snooze(AlertKey key, Instant end) {
        until.put(key, end);
    }

    public boolean isSnoozed(AlertKey key, Instant now) {
        Instant end = until.get(key);
        if (end != null && !now.isBefore(end)) {
            until.remove(key, end);
            return false;
        }
        return end != null;
    }

    /** Forgets the snoozes of patients for which {@code owned} is false (partitions this instance lost). */
    public void retainPatients(Predicate<String> owned) {
        until.keySet().removeIf(key -> !owned.test(key.patientId()));
    }
}
