package org.rpmpipeline.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.device.DeviceKind;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.VirtualDevice;
import org.rpmpipeline.sim.patient.Course;
import org.rpmpipeline.sim.patient.Physiology;
import org.rpmpipeline.sim.patient.Profile;
import org.rpmpipeline.sim.patient.VirtualPatient;

/**
 * The built-in scenarios, by name. Apart from {@code demo}, each is a generated {@link Cohort} (clinical
 * scenarios: half the patients have the condition, the other half are stable controls) plus, for the fault
 * scenarios, a {@link Fault} on the first patient's devices or on all of them, during 30-60 % of the run.
 */
public final class Scenarios {
    /** The scenario {@code ./rpm demo} runs. */
    public static final String DEMO = "demo";
    public static final String COHORT = "cohort";

    /** When the demo's deterioration starts and how long it takes to reach its plateau. */
    static final Duration DEMO_DRIFT_START = Duration.ofSeconds(5);
    static final Duration DEMO_DRIFT_LENGTH = Duration.ofSeconds(30);

    private static final Map<String, Profile> CLINICAL = new LinkedHashMap<>();
    private static final Map<String, Fault.Type> FAULTS = new LinkedHashMap<>();

    static {
        CLINICAL.put("stable", Profile.STABLE);
        CLINICAL.put("deterioration", Profile.DETERIORATING);
        CLINICAL.put("hypoxia", Profile.COPD);
        CLINICAL.put("hypertensive-crisis", Profile.HYPERTENSION);
        CLINICAL.put("hypoglycaemia", Profile.DIABETES);
        CLINICAL.put("hf-weight-gain", Profile.HEART_FAILURE);
        CLINICAL.put("new-confusion", Profile.NEW_CONFUSION);
        CLINICAL.put("home-oxygen", Profile.HOME_OXYGEN);
        FAULTS.put("device-silent", Fault.Type.DEVICE_SILENT);
        FAULTS.put("hub-offline", Fault.Type.HUB_OFFLINE);
        FAULTS.put("duplicates", Fault.Type.DUPLICATE);
        FAULTS.put("stored-replay", Fault.Type.STORED_REPLAY);
        FAULTS.put("clock-unset", Fault.Type.CLOCK_UNSET);
        FAULTS.put("clock-skew", Fault.Type.CLOCK_SKEW);
        FAULTS.put("malformed", Fault.Type.MALFORMED);
    }

    private Scenarios() {
    }

    /** The names {@link #named} accepts. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(DEMO);
        names.add(COHORT);
        names.addAll(CLINICAL.keySet());
        names.addAll(FAULTS.keySet());
        return names;
    }

    /** True if {@code name} is a built-in scenario. */
    public static boolean isKnown(String name) {
        return names().contains(name);
    }

    /** The built-in scenario called {@code name} with default options for a 60 s run. */
    public static Scenario named(String name, long seed) {
        return named(name, ScenarioOptions.of(seed, Duration.ofSeconds(60)));
    }

    /** The built-in scenario called {@code name}; throws listing the known names. */
    public static Scenario named(String name, ScenarioOptions options) {
        if (name.equals(DEMO)) {
            return demo(options.seed());
        }
        if (name.equals(COHORT)) {
            return cohort(options, options.mix(), 10).scenario(name);
        }
        Profile profile = CLINICAL.get(name);
        if (profile != null) {
            Map<Profile, Double> mix = profile == Profile.STABLE ? Map.of() : Map.of(profile, 0.5);
            return cohort(options, mix, 2).scenario(name);
        }
        Fault.Type fault = FAULTS.get(name);
        if (fault != null) {
            Scenario stable = cohort(options, Map.of(), 2).scenario(name);
            return stable.withFaults(faults(fault, options.duration()));
        }
        throw new IllegalArgumentException("unknown scenario \"" + name + "\", expected one of " + names());
    }

    /**
     * Two patients in real time with compressed cadences (oximeter and heart-rate wearable every 2 s, cuff and
     * thermometer every 10 s, instead of hours): {@code patient-0001} stays stable; {@code patient-0002}
     * deteriorates between 5 s and 35 s to SpO2 about 85 %, pulse about 130 /min, temperature about 39.3 Cel and
     * systolic pressure about 95 mm[Hg] (NEWS2 red scores on SpO2 and an aggregate well above 7), then stays there.
     */
    public static Scenario demo(long seed) {
        VirtualPatient stable = new VirtualPatient("patient-0001", "hub-0001", "stable",
                Physiology.stableAdult(0), demoKit(1, Duration.ZERO));
        Physiology base = Physiology.stableAdult(0);
        Physiology deteriorating = base
                .with(VitalType.SPO2, m -> m.with(drift(-12.5), 80, 100))
                .with(VitalType.HEART_RATE, m -> m.with(drift(56), 40, 180).withNoise(3))
                .with(VitalType.SYSTOLIC_BP, m -> m.with(drift(-30), 70, 220).withNoise(4))
                .with(VitalType.DIASTOLIC_BP, m -> m.with(drift(-17), 40, 130).withNoise(3))
                .with(VitalType.BODY_TEMPERATURE, m -> m.with(drift(2.5), 34, 42).withNoise(0.1));
        VirtualPatient worse = new VirtualPatient("patient-0002", "hub-0002", "deteriorating", deteriorating,
                demoKit(2, Duration.ofMillis(250)));
        return new Scenario(DEMO, seed, List.of(stable, worse));
    }

    private static Cohort cohort(ScenarioOptions options, Map<Profile, Double> mix, int defaultPatients) {
        return new Cohort(options.seed(), options.patientsOr(defaultPatients), mix, options.effectiveCadence(),
                options.rate(), options.duration());
    }

    /** The faults of a fault scenario: during 30-60 % of the run. */
    static List<Fault> faults(Fault.Type type, Duration duration) {
        Duration from = duration.multipliedBy(3).dividedBy(10);
        Duration to = duration.multipliedBy(6).dividedBy(10);
        String first = "patient-00001";
        switch (type) {
            case DUPLICATE:
                return List.of(new Fault(type, "*", from, to, 3, null, null));
            case STORED_REPLAY:
                return List.of(new Fault(type, "*", from, to, 3, null, null));
            case CLOCK_SKEW:
                return List.of(new Fault(type, first, from, to, 1, Duration.ofHours(2), null),
                        new Fault(type, "patient-00002", from, to, 1, Duration.ofDays(-3), null));
            case MALFORMED:
                List<Fault> out = new ArrayList<>();
                Hostile[] kinds = Hostile.values();
                Duration slice = to.minus(from).dividedBy(kinds.length);
                for (int i = 0; i < kinds.length; i++) {
                    Duration start = from.plus(slice.multipliedBy(i));
                    out.add(new Fault(type, "*", start, start.plus(slice), 2, null, kinds[i]));
                }
                return out;
            default:
                return List.of(Fault.of(type, first, from, to));
        }
    }

    private static Course drift(double delta) {
        return Course.drift(delta, DEMO_DRIFT_START, DEMO_DRIFT_LENGTH);
    }

    private static List<VirtualDevice> demoKit(int number, Duration stagger) {
        String suffix = String.format(Locale.ROOT, "-%04d", number);
        return Arrays.asList(
                VirtualDevice.every("ox" + suffix, DeviceKind.PULSE_OXIMETER, Duration.ofSeconds(2),
                        Duration.ofSeconds(1).plus(stagger)),
                VirtualDevice.every("hr" + suffix, DeviceKind.HEART_RATE_MONITOR, Duration.ofSeconds(2),
                        Duration.ofMillis(1500).plus(stagger)),
                VirtualDevice.every("bp" + suffix, DeviceKind.BLOOD_PRESSURE_CUFF, Duration.ofSeconds(10),
                        Duration.ofSeconds(3).plus(stagger)),
                VirtualDevice.every("temp" + suffix, DeviceKind.THERMOMETER, Duration.ofSeconds(10),
                        Duration.ofSeconds(4).plus(stagger)));
    }
}
