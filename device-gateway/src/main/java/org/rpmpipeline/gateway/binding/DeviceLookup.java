package org.rpmpipeline.gateway.binding;

import java.util.Optional;
import org.rpmpipeline.contract.device.DeviceBinding;

/** Finds the current binding of a device. */
@FunctionalInterface
public interface DeviceLookup {
    Optional<DeviceBinding> find(String deviceId);
}
