package org.rpmpipeline.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.device.DeviceKind;
import org.rpmpipeline.sim.device.Schedule;
import org.rpmpipeline.sim.device.VirtualDevice;
import org.rpmpipeline.sim.patient.Condition;
import org.rpmpipeline.sim.patient.Physiology;
import org.rpmpipeline.sim.patient.Profile;
import org.rpmpipeline.sim.patient.VirtualPatient;

/**
 * Generates a cohort: {@code patients} patients whose profiles follow {@code mix} (fractions; the rest are
 * stable), each with the profile's kit and conditions. Ids are {@code patient-00001}, {@code hub-00001},
 * {@code ox-00001}, ... With a {@code rate} (messages per second over the whole cohort) every device measures at
 * the same interval, phases spread evenly, which is what the load mode uses; otherwise the {@link Cadence}
 * decides.
 */
public record Cohort(long seed, int patients, Map<Profile, Double> mix, Cadence cadence, double rate,
        Duration duration, int firstNumber) {

    public Cohort(long seed, int patients, Map<Profile, Double> mix, Cadence cadence, double rate,
            Duration duration) {
        this(seed, patients, mix, cadence, rate, duration, 1);
    }

    public Cohort {
        if (patients < 1) {
            throw new IllegalArgumentException("a cohort needs at least one patient");
        }
        mix = Collections.unmodifiableMap(new LinkedHashMap<>(mix));
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (mix.values().stream().anyMatch(f -> f < 0) || total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("mix fractions must be >= 0 and add up to at most 1, were " + mix);
        }
    }

    /** Parses {@code copd:0.2,hf:0.3}; blank gives an empty mix (all stable). */
    public static Map<Profile, Double> parseMix(String text) {
        Map<Profile, Double> mix = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return mix;
        }
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix entries are profile:fraction, was \"" + part.trim() + "\"");
            }
            try {
                mix.merge(Profile.fromCode(kv[0].trim().toLowerCase(Locale.ROOT)), Double.parseDouble(kv[1].trim()),
                        Double::sum);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mix fraction of " + kv[0].trim() + " is not a number: " + kv[1]);
            }
        }
        return mix;
    }

    /** The scenario of this cohort, called {@code name}. */
    public Scenario scenario(String name) {
        return new Scenario(name, seed, generate());
    }

    /** The generated patients, numbered from {@code firstNumber}. */
    public List<VirtualPatient> generate() {
        SplittableRandom random = new SplittableRandom(seed);
        List<Profile> profiles = profiles(random.nextLong());
        int devices = profiles.stream().mapToInt(p -> p.kit().size()).sum();
        long interval = rate > 0 ? Math.max(1, Math.round(devices * 1000.0 / rate)) : 0;
        List<VirtualPatient> out = new ArrayList<>(patients);
        int deviceIndex = 0;
        for (int i = 0; i < patients; i++) {
            Profile profile = profiles.get(i);
            String n = String.format(Locale.ROOT, "%05d", i + firstNumber);
            Physiology physiology = profile.baseline(random.nextDouble(-1, 1));
            if (cadence == Cadence.REALISTIC && rate == 0) {
                physiology = physiology.withCircadianRhythm();
            }
            for (Condition condition : profile.conditions(duration, random.nextDouble())) {
                physiology = condition.apply(physiology);
            }
            List<VirtualDevice> kit = new ArrayList<>();
            for (DeviceKind kind : profile.kit()) {
                Schedule schedule = interval > 0
                        ? Schedule.every(Duration.ofMillis(interval),
                                Duration.ofMillis(interval * deviceIndex / Math.max(1, devices)))
                        : cadence.schedule(kind, random.nextDouble());
                kit.add(new VirtualDevice(kind.idPrefix() + "-" + n, kind, schedule));
                deviceIndex++;
            }
            out.add(new VirtualPatient("patient-" + n, "hub-" + n, profile.code(), physiology, kit));
        }
        return out;
    }

    private List<Profile> profiles(long shuffleSeed) {
        List<Profile> profiles = new ArrayList<>(patients);
        // in the profiles' declared order, not the map's: an immutable map iterates in a different order in every
        // JVM, which would give the same seed a different cohort in each run
        for (Profile profile : Profile.values()) {
            long count = Math.round(mix.getOrDefault(profile, 0.0) * patients);
            for (long c = 0; c < count && profiles.size() < patients; c++) {
                profiles.add(profile);
            }
        }
        while (profiles.size() < patients) {
            profiles.add(Profile.STABLE);
        }
        Collections.shuffle(profiles, new Random(shuffleSeed));
        return profiles;
    }
}
