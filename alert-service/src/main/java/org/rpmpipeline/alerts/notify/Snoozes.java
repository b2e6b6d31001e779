package org.rpmpipeline.alerts.notify;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rpmpipeline.alerts.lifecycle.AlertKey;

/** Patient + rule pairs a clinician has snoozed, until when. In memory; the snooze itself is audited. */
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
}
