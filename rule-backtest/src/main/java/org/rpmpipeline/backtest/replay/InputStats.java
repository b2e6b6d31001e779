package org.rpmpipeline.backtest.replay;

import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.rpmpipeline.backtest.input.Window;

/**
 * What a replay read: readings in the window and in the warm-up, the patients seen, and the patient-days
 * (distinct pairs of patient and UTC day, by Kafka time, with at least one reading in the window), which the
 * report uses to compare alert rates. Written by the reading thread, read after it finished.
 */
public final class InputStats {
    private final Window window;
    private final Map<String, BitSet> daysByPatient = new HashMap<>();
    private long readings;
    private long warmUpReadings;
    private long patientThresholds;
    private long deviceStatus;

    public InputStats(Window window) {
        this.window = window;
    }

    void reading(String patientId, long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        if (!window.contains(at)) {
            warmUpReadings++;
            return;
        }
        readings++;
        daysByPatient.computeIfAbsent(patientId, p -> new BitSet()).set(window.dayIndex(at));
    }

    void patientThresholds() {
        patientThresholds++;
    }

    void deviceStatus() {
        deviceStatus++;
    }

    /** Readings with Kafka time inside the window. */
    public long readings() {
        return readings;
    }

    /** Readings replayed before the window to build state. */
    public long warmUpReadings() {
        return warmUpReadings;
    }

    /** Patients with at least one reading in the window. */
    public int patients() {
        return daysByPatient.size();
    }

    /** Distinct (patient, UTC day) pairs with at least one reading in the window. */
    public long patientDays() {
        return daysByPatient.values().stream().mapToLong(BitSet::cardinality).sum();
    }

    /** Per-patient threshold records replayed (all versions still on the topic, before and during the window). */
    public long patientThresholdRecords() {
        return patientThresholds;
    }

    /** Device-status records replayed. */
    public long deviceStatusRecords() {
        return deviceStatus;
    }
}
