package org.rpmpipeline.sim.device;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * What one device measured at one moment of a scenario.
 *
 * @param offset scenario time since the start
 * @param sequence the device's own record number, from 1; it makes the reading id unique per device
 */
public record Measurement(Duration offset, long sequence, String patientId, String hubId, String deviceId,
        DeviceKind kind, List<Sample> samples) {

    public Measurement {
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(kind, "kind");
        samples = List.copyOf(samples);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one sample");
        }
    }

    /** The value of {@code vital} in any sample or component. */
    public Optional<BigDecimal> valueOf(VitalType vital) {
        return samples.stream().map(s -> s.valueOf(vital)).flatMap(Optional::stream).findFirst();
    }
}
