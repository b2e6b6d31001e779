package org.rpmpipeline.processor.topology;

import java.util.Map;
import java.util.TreeMap;
import org.tinylog.Logger;

/**
 * Counts, per state store, the stored records migrated from an earlier format and the stored state dropped
 * because it could not be read, and logs each count once per {@link #report}: one line per store, migrations at
 * INFO, drops at WARN (a dropped entry means a rule starts afresh for a patient, or a reading id is forgotten). One
 * instance per processor (stream task); not thread-safe, like the processor.
 */
final class StateAccounting {
    private final Map<String, long[]> pending = new TreeMap<>();
    private final Map<String, Long> droppedTotal = new TreeMap<>();

    /** A record of {@code store} was read in an earlier format; it is rewritten in the current one. */
    void migrated(String store) {
        counts(store)[0]++;
    }

    /** Stored state of {@code store} could not be read and was dropped. */
    void dropped(String store) {
        counts(store)[1]++;
        droppedTotal.merge(store, 1L, Long::sum);
    }

    /** The stored state of {@code store} dropped since this instance was made. */
    long droppedTotal(String store) {
        return droppedTotal.getOrDefault(store, 0L);
    }

    /** Logs what was counted since the last report, one line per store and kind, and starts counting afresh. */
    void report() {
        pending.forEach((store, counts) -> {
            if (counts[0] > 0) {
                Logger.info("stored state migrated from an earlier format [store: {}, records: {}]", store,
                        counts[0]);
            }
            if (counts[1] > 0) {
                Logger.warn("stored state dropped: it could not be read, so the rules it belonged to start afresh"
                        + " [store: {}, count: {}]", store, counts[1]);
            }
        });
        pending.clear();
    }

    private long[] counts(String store) {
        return pending.computeIfAbsent(store, s -> new long[2]);
    }
}
