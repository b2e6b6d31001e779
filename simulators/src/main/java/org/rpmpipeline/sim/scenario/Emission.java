package org.rpmpipeline.sim.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.Measurement;

/**
 * One message a hub publishes for a device, after faults: usually one measurement; several for a burst sync
 * after the hub was offline or a stored-record replay (the newest is last); a hostile payload instead of the
 * measurement; or the same message twice (a QoS 1 redelivery).
 *
 * @param dueMillis scenario time the hub sends it (later than the measurement for a burst sync)
 * @param copies how many times it is published (2 for a duplicate)
 * @param clockUnset the device sends no measurement time
 * @param clockSkew how far the device clock is off
 * @param hostile the bad payload that replaces the measurement, or {@code null}
 */
public record Emission(long dueMillis, List<Measurement> measurements, int copies, boolean clockUnset,
        Duration clockSkew, Hostile hostile) {

    public Emission {
        measurements = List.copyOf(measurements);
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("an emission carries at least one measurement");
        }
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1");
        }
    }

    /** A plain, on-time emission of one measurement. */
    public static Emission of(Measurement measurement) {
        return new Emission(measurement.offset().toMillis(), List.of(measurement), 1, false, Duration.ZERO, null);
    }

    /** The newest measurement, the one that triggered the emission. */
    public Measurement primary() {
        return measurements.get(measurements.size() - 1);
    }

    /** The number of readings (vitals) the payload carries; 0 for a hostile payload. */
    public int readings() {
        return hostile != null ? 0 : measurements.stream().mapToInt(m -> m.samples().size()).sum();
    }
}
