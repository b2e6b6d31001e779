package org.rpmpipeline.sim.patient;

import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.sim.device.VirtualDevice;

/**
 * A virtual patient: an opaque id (never a name), the hub that relays the patient's devices, the physiology the
 * devices measure and the device kit.
 *
 * @param profile a short label of what the scenario does to this patient, e.g. {@code stable}, {@code deteriorating}
 */
public record VirtualPatient(String patientId, String hubId, String profile, Physiology physiology,
        List<VirtualDevice> devices) {

    public VirtualPatient {
        Ids.require("patientId", patientId);
        Ids.require("hubId", hubId);
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(physiology, "physiology");
        devices = List.copyOf(devices);
    }
}
