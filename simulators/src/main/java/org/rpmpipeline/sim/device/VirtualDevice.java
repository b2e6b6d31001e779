package org.rpmpipeline.sim.device;

import java.time.Duration;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;

/** One device of a patient's kit and when it measures. */
public record VirtualDevice(String deviceId, DeviceKind kind, Schedule schedule) {

    public VirtualDevice {
        Ids.require("deviceId", deviceId);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** A device measuring every {@code cadence}, the first time at {@code firstAt}. */
    public static VirtualDevice every(String deviceId, DeviceKind kind, Duration cadence, Duration firstAt) {
        if (cadence == null || cadence.isNegative() || cadence.isZero()) {
            throw new IllegalArgumentException("cadence must be positive for device " + deviceId);
        }
        if (firstAt == null || firstAt.isNegative()) {
            throw new IllegalArgumentException("firstAt must not be negative for device " + deviceId);
        }
        return new VirtualDevice(deviceId, kind, Schedule.every(cadence, firstAt));
    }
}
