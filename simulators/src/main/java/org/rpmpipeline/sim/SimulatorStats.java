package org.rpmpipeline.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a run so far. Messages are MQTT publishes; readings are the vitals they carry (an oximeter message
 * carries SpO2 and pulse rate). {@code hostile} counts the publishes with a deliberately bad payload.
 */
public record SimulatorStats(long published, long acknowledged, long failed, long readings, long hostile,
        Map<String, PatientStats> byPatient) {

    public SimulatorStats {
        byPatient = java.util.Collections.unmodifiableMap(new TreeMap<>(byPatient));
    }

    /** Publishes still waiting for their PUBACK. */
    public long inFlight() {
        return published - acknowledged - failed;
    }

    /** The counts of one patient's devices. */
    public record PatientStats(String profile, long published, long acknowledged, long failed, long readings) {
    }
}
