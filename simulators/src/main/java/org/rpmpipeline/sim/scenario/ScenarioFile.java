package org.rpmpipeline.sim.scenario;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.device.DeviceKind;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.Schedule;
import org.rpmpipeline.sim.device.VirtualDevice;
import org.rpmpipeline.sim.patient.Condition;
import org.rpmpipeline.sim.patient.Physiology;
import org.rpmpipeline.sim.patient.Profile;
import org.rpmpipeline.sim.patient.VirtualPatient;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads a scenario from a YAML file (format in the module README): generated cohorts, hand-written patients
 * with conditions and devices, and faults. Every problem is reported with its place in the file.
 */
public final class ScenarioFile {
    private static final Pattern DURATION = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)");

    private ScenarioFile() {
    }

    /** True if {@code name} looks like a scenario file rather than a built-in name. */
    public static boolean isFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    public static Scenario load(Path file, ScenarioOptions options) {
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("scenario file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        String fallbackName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(root, fallbackName, options);
    }

    /** Parses an already loaded YAML document. */
    static Scenario parse(Object root, String fallbackName, ScenarioOptions options) {
        Map<String, Object> doc = map(root, "the document");
        String name = string(doc, "name", fallbackName, "the document");
        Cadence cadence = doc.containsKey("cadence")
                ? Cadence.fromCode(required(doc, "cadence", "the document")) : options.effectiveCadence();
        SplittableRandom random = new SplittableRandom(options.seed());
        List<VirtualPatient> patients = new ArrayList<>();
        int number = 1;
        for (Object c : list(doc, "cohorts")) {
            String where = "cohorts[" + (number - 1) + "]";
            Map<String, Object> cohort = map(c, where);
            Profile profile = Profile.fromCode(string(cohort, "profile", "stable", where));
            int count = integer(cohort, "patients", 1, where);
            Cohort generated = new Cohort(random.nextLong(), count, Map.of(profile, 1.0), cadence, options.rate(),
                    options.duration(), number);
            patients.addAll(generated.generate());
            number += count;
        }
        int index = 0;
        for (Object p : list(doc, "patients")) {
            patients.add(patient(map(p, "patients[" + index + "]"), "patients[" + index + "]", cadence, random));
            index++;
        }
        if (patients.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + " has no patients (cohorts or patients)");
        }
        List<Fault> faults = new ArrayList<>();
        index = 0;
        for (Object f : list(doc, "faults")) {
            faults.add(fault(map(f, "faults[" + index + "]"), "faults[" + index + "]"));
            index++;
        }
        return new Scenario(name, options.seed(), patients, faults);
    }

    private static VirtualPatient patient(Map<String, Object> p, String where, Cadence cadence,
            SplittableRandom random) {
        String id = required(p, "id", where);
        String hub = string(p, "hub", "hub-" + id, where);
        Profile profile = Profile.fromCode(string(p, "profile", "stable", where));
        Physiology physiology = profile.baseline(random.nextDouble(-1, 1));
        int i = 0;
        for (Object c : list(p, "conditions")) {
            String w = where + ".conditions[" + i++ + "]";
            Map<String, Object> condition = map(c, w);
            physiology = new Condition(Condition.Type.fromCode(required(condition, "type", w)),
                    duration(condition, "start", Duration.ZERO, w),
                    duration(condition, "length", null, w)).apply(physiology);
        }
        List<VirtualDevice> devices = new ArrayList<>();
        i = 0;
        for (Object d : list(p, "devices")) {
            String w = where + ".devices[" + i++ + "]";
            Map<String, Object> device = map(d, w);
            DeviceKind kind = DeviceKind.fromCode(required(device, "kind", w));
            String deviceId = string(device, "id", kind.idPrefix() + "-" + id, w);
            devices.add(new VirtualDevice(deviceId, kind, schedule(device, kind, cadence, random, w)));
        }
        if (devices.isEmpty()) {
            for (DeviceKind kind : profile.kit()) {
                devices.add(new VirtualDevice(kind.idPrefix() + "-" + id, kind,
                        cadence.schedule(kind, random.nextDouble())));
            }
        }
        return new VirtualPatient(id, hub, profile.code(), physiology, devices);
    }

    private static Schedule schedule(Map<String, Object> device, DeviceKind kind, Cadence cadence,
            SplittableRandom random, String where) {
        if (device.containsKey("every")) {
            return Schedule.every(duration(device, "every", null, where),
                    duration(device, "first", Duration.ZERO, where));
        }
        if (device.containsKey("daily")) {
            List<String> times = new ArrayList<>();
            for (Object t : list(device, "daily")) {
                times.add(String.valueOf(t));
            }
            try {
                return Schedule.daily(Schedule.timesOfDay(times.toArray(String[]::new)).toArray(Duration[]::new));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + ".daily: times are HH:mm, were " + times);
            }
        }
        return cadence.schedule(kind, random.nextDouble());
    }

    private static Fault fault(Map<String, Object> f, String where) {
        Fault.Type type = Fault.Type.fromCode(required(f, "type", where));
        String payload = string(f, "payload", null, where);
        try {
            return new Fault(type, string(f, "target", "*", where), duration(f, "from", null, where),
                    duration(f, "to", null, where), integer(f, "every", type == Fault.Type.STORED_REPLAY ? 3 : 1,
                            where),
                    duration(f, "skew", null, where), payload == null ? null : Hostile.fromCode(payload));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("'" + key + "' must be a list");
        }
        return (List<?>) value;
    }

    private static String string(Map<String, Object> map, String key, String defaultValue, String where) {
        Object value = map.get(key);
        return value == null ? defaultValue : String.valueOf(value);
    }

    private static String required(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return String.valueOf(value);
    }

    private static int integer(Map<String, Object> map, String key, int defaultValue, String where) {
        Object value = map.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Integer)) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be an integer, was " + value);
        }
        return (Integer) value;
    }

    private static Duration duration(Map<String, Object> map, String key, Duration defaultValue, String where) {
        Object value = map.get(key);
        if (value == null) {
            if (defaultValue == null && (key.equals("length") || key.equals("every"))) {
                throw new IllegalArgumentException(where + ": '" + key + "' is required");
            }
            return defaultValue;
        }
        Matcher m = DURATION.matcher(String.valueOf(value).trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a duration such as 90s, 30m, 2h, "
                    + "3d, was " + value);
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }
}
