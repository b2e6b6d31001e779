package org.rpmpipeline.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.sim.device.VirtualDevice;
import org.rpmpipeline.sim.patient.VirtualPatient;

/**
 * A named, seeded cohort of virtual patients with their device kits. The same scenario and seed always produce
 * the same measurements in the same order ({@link #timeline}).
 */
public final class Scenario {
    private final String name;
    private final long seed;
    private final List<VirtualPatient> patients;
    private final List<Fault> faults;

    public Scenario(String name, long seed, List<VirtualPatient> patients) {
        this(name, seed, patients, List.of());
    }

    public Scenario(String name, long seed, List<VirtualPatient> patients, List<Fault> faults) {
        this.name = Objects.requireNonNull(name, "name");
        this.seed = seed;
        this.patients = List.copyOf(patients);
        this.faults = List.copyOf(faults);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (VirtualPatient patient : this.patients) {
            for (VirtualDevice device : patient.devices()) {
                if (seen.contains(device.deviceId())) {
                    throw new IllegalArgumentException("device " + device.deviceId() + " appears twice in " + name);
                }
                seen.add(device.deviceId());
            }
        }
    }

    public String name() {
        return name;
    }

    public long seed() {
        return seed;
    }

    public List<VirtualPatient> patients() {
        return patients;
    }

    /** The faults injected between devices and the broker, in the order they apply. */
    public List<Fault> faults() {
        return faults;
    }

    /** This scenario with more faults. */
    public Scenario withFaults(List<Fault> more) {
        List<Fault> all = new ArrayList<>(faults);
        all.addAll(more);
        return new Scenario(name, seed, patients, all);
    }

    /** Number of devices in the cohort. */
    public int deviceCount() {
        return patients.stream().mapToInt(p -> p.devices().size()).sum();
    }

    /** The hubs relaying the cohort's devices, in cohort order, each once. */
    public List<String> hubIds() {
        return patients.stream().map(VirtualPatient::hubId).distinct().toList();
    }

    /**
     * Every device of the cohort bound to its patient, open-ended, with the device kind: what the gateway's
     * registry must know before the scenario runs.
     */
    public List<DeviceBinding> bindings() {
        List<DeviceBinding> out = new ArrayList<>(deviceCount());
        for (VirtualPatient patient : patients) {
            for (VirtualDevice device : patient.devices()) {
                out.add(new DeviceBinding(Schema.VERSION, device.deviceId(), patient.patientId(), null, null,
                        device.kind().code()));
            }
        }
        return out;
    }

    /** The measurements taken in the first {@code duration} of scenario time, in order. */
    public Timeline timeline(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
        return new Timeline(patients, seed, duration);
    }

    /** The messages the hubs publish in the first {@code duration}: the timeline with the faults applied. */
    public Emissions emissions(Duration duration) {
        return new Emissions(timeline(duration), faults, duration);
    }

    /** The patient with {@code patientId}. */
    public VirtualPatient patient(String patientId) {
        Ids.require("patientId", patientId);
        return patients.stream().filter(p -> p.patientId().equals(patientId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no patient " + patientId + " in " + name));
    }

    @Override
    public String toString() {
        return "Scenario[" + name + ", seed " + seed + ", " + patients.size() + " patients, " + deviceCount()
                + " devices, " + faults.size() + " faults]";
    }
}
