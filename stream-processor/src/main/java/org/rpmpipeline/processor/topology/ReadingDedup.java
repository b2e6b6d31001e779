package org.rpmpipeline.processor.topology;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.WindowStore;
import org.tinylog.Logger;

/**
 * Recognises a reading id seen before (QoS 1 redelivery, BLE devices replaying stored records), per patient, for
 * at least the dedup retention in event time.
 *
 * <p>Ids are grouped in {@link #BUCKET} buckets of event time. The ids of a patient's newest bucket are an entry
 * of the patient's state record ({@link PatientState}), which a reading writes anyway; when a reading opens a newer
 * bucket, the previous bucket's ids go to {@code reading-dedup-store} as one record (patient id, at the bucket's
 * start). A reading of an older bucket (offline sync, replay) is looked up in, and added to, that bucket's record.
 * So in-order readings cost one dedup store write per patient and bucket instead of one per reading. The store's
 * retention is the dedup retention plus one bucket, so every id is remembered at least the dedup retention.
 */
final class ReadingDedup {
    /** Entry of the patient state with the ids of the patient's newest bucket. */
    static final String ENTRY = "@seen";
    /** Event-time span of one bucket of ids. */
    static final Duration BUCKET = Duration.ofMinutes(10);
    /** Ids kept in the patient state at most; more in one bucket (a high-rate device) spill to the store. */
    static final int MAX_PENDING = 64;
    private static final long BUCKET_MILLIS = BUCKET.toMillis();

    /**
     * The ids seen in the bucket starting at {@code start}; {@code spilled}: some of them are in the store too
     * (only for the bucket kept in the patient state).
     */
    record Bucket(Instant start, List<String> ids, boolean spilled) {
        Bucket {
            ids = List.copyOf(ids);
        }
    }

    private final WindowStore<String, byte[]> store;
    private final StateAccounting accounting;

    ReadingDedup(WindowStore<String, byte[]> store, StateAccounting accounting) {
        this.store = store;
        this.accounting = accounting;
    }

    /** The retention of the store for ids remembered {@code retention}. */
    static Duration storeRetention(Duration retention) {
        return retention.plus(BUCKET);
    }

    /**
     * True if {@code readingId} of {@code patientId}, at event time {@code timestamp}, was not seen before; it is
     * then recorded (in {@code state}, or in the store for an older bucket).
     */
    boolean firstSeen(PatientState state, String patientId, String readingId, long timestamp) {
        long start = Math.floorDiv(timestamp, BUCKET_MILLIS) * BUCKET_MILLIS;
        Bucket newest = state.get(ENTRY, Bucket.class);
        long newestStart = newest == null ? Long.MIN_VALUE : newest.start().toEpochMilli();
        if (start < newestStart) {
            List<String> stored = stored(patientId, start);
            if (contains(stored, readingId)) {
                return false;
            }
            store.put(patientId, encode(start, append(stored, readingId)), start);
            return true;
        }
        if (start == newestStart) {
            if (contains(newest.ids(), readingId)
                    || (newest.spilled() && contains(stored(patientId, start), readingId))) {
                return false;
            }
            if (newest.ids().size() >= MAX_PENDING) {
                spill(patientId, newest);
                state.put(ENTRY, new Bucket(newest.start(), List.of(readingId), true));
            } else {
                state.put(ENTRY, new Bucket(newest.start(), append(newest.ids(), readingId), newest.spilled()));
            }
            return true;
        }
        if (newest != null) {
            spill(patientId, newest);
        }
        // no bucket in the state (a new patient, or an unreadable state): the store may still know this one
        List<String> stored = newest == null ? stored(patientId, start) : List.of();
        if (contains(stored, readingId)) {
            return false;
        }
        state.put(ENTRY, new Bucket(Instant.ofEpochMilli(start), List.of(readingId), !stored.isEmpty()));
        return true;
    }

    /** Writes the bucket's ids to its store record, merged with the record's ids if some were spilled before. */
    private void spill(String patientId, Bucket bucket) {
        long start = bucket.start().toEpochMilli();
        if (!bucket.spilled()) {
            store.put(patientId, encode(start, bucket.ids()), start);
            return;
        }
        Set<String> merged = new LinkedHashSet<>(stored(patientId, start));
        merged.addAll(bucket.ids());
        store.put(patientId, encode(start, new ArrayList<>(merged)), start);
    }

    private List<String> stored(String patientId, long start) {
        byte[] bytes = store.fetch(patientId, start);
        if (bytes == null) {
            return List.of();
        }
        try {
            // a record of the earlier positional form is read as it is; it is rewritten in the current form when a
            // reading adds to it, or expires with the store's retention
            byte[] current = StateFormat.isSmile(bytes) ? bytes : LegacyStateFormat.toSmile(bytes, 0);
            return StateFormat.decode(current, Bucket.class).ids();
        } catch (IOException | RuntimeException e) {
            Logger.debug("unreadable dedup record dropped [bucket: {}, cause: {}]", Instant.ofEpochMilli(start),
                    e.getClass().getSimpleName());
            accounting.dropped(VitalsTopology.DEDUP_STORE);
            return List.of();
        }
    }

    private static byte[] encode(long start, List<String> ids) {
        return StateFormat.encode(new Bucket(Instant.ofEpochMilli(start), ids, false));
    }

    /** {@code ids.contains(id)}, comparing the strings' cached hashes first. */
    private static boolean contains(List<String> ids, String id) {
        int hash = id.hashCode();
        for (String seen : ids) {
            if (seen.hashCode() == hash && seen.equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> append(List<String> ids, String id) {
        List<String> next = new ArrayList<>(ids.size() + 1);
        next.addAll(ids);
        next.add(id);
        return next;
    }
}
