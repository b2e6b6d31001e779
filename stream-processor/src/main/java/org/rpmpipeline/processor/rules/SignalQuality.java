package org.rpmpipeline.processor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.Reading;

/**
 * Device status bits that make a reading's value unreliable, read from the qualifiers the gateway copies from the
 * GATT measurement ({@link GattQualifiers}). Policy (product decision): an unreliable reading never opens,
 * escalates or resolves an episode and never feeds NEWS2, sustained or trend rules, since a displaced sensor or
 * a loose cuff can read both falsely low and falsely normal. It still counts for adherence and device activity.
 * A threshold band it falls in is reported as a stand-alone ACTIVE finding with severity capped at
 * {@code moderate} (never critical), {@code details.signalQuality} naming the flags.
 *
 * <p>Flags that do not make the value unreliable are not listed: BP {@code irregular-pulse} and pulse-rate range
 * bits are clinical information; PLX {@code measurement-ongoing} and similar describe the device's state.
 */
public final class SignalQuality {
    /** PLX measurement status bits that make the value unreliable. */
    static final Set<String> PLX_MEASUREMENT = Set.of("questionable", "invalid", "unavailable",
            "calibration-ongoing");
    /** PLX device and sensor status bits that make the value unreliable. */
    static final Set<String> PLX_DEVICE = Set.of("equipment-malfunction", "signal-processing-irregularity",
            "inadequate-signal", "poor-signal", "low-perfusion", "erratic-signal", "non-pulsatile-signal",
            "questionable-pulse", "sensor-interference", "sensor-unconnected", "unknown-sensor", "sensor-displaced",
            "sensor-malfunctioning", "sensor-disconnected");
    /** Blood-pressure measurement status bits that make the value unreliable. */
    static final Set<String> BP = Set.of("body-movement", "cuff-loose", "improper-position");
    /**
     * Glucose sensor status annunciation bits that make the value unreliable. Not flags: {@code battery-low} and
     * {@code time-fault} (the value is sound), {@code result-too-high} / {@code result-too-low} (the value is the
     * meter's limit and the true one lies beyond it, in the direction the rule alerts on).
     */
    static final Set<String> GLUCOSE = Set.of("sensor-malfunction", "sample-size-insufficient",
            "strip-insertion-error", "strip-type-incorrect", "sensor-temperature-too-high",
            "sensor-temperature-too-low", "read-interrupted", "device-fault");
    /** Heart-rate sensor contact value that makes the value unreliable. */
    static final String NO_CONTACT = "not-detected";

    private SignalQuality() {
    }

    /** The reading's unreliability flags as {@code qualifier=bit}, in a stable order; empty when none. */
    public static List<String> flags(Reading reading) {
        Map<String, String> q = reading.qualifiers();
        if (q.isEmpty()) {
            return List.of();
        }
        List<String> flags = new ArrayList<>();
        collect(flags, q, GattQualifiers.PLX_STATUS, PLX_MEASUREMENT);
        collect(flags, q, GattQualifiers.PLX_DEVICE_STATUS, PLX_DEVICE);
        collect(flags, q, GattQualifiers.BP_STATUS, BP);
        collect(flags, q, GattQualifiers.GLUCOSE_STATUS, GLUCOSE);
        if (NO_CONTACT.equals(q.get(GattQualifiers.CONTACT))) {
            flags.add(GattQualifiers.CONTACT + "=" + NO_CONTACT);
        }
        return flags;
    }

    /**
     * True for a glucometer's control-solution test (type or sample location "control solution"): a check of the
     * meter, not a patient value, so no clinical rule sees it (shared DOMAIN.md 1.8).
     */
    public static boolean isControlSolution(Reading reading) {
        return "true".equals(reading.qualifiers().get(GattQualifiers.GLUCOSE_CONTROL_SOLUTION));
    }

    private static void collect(List<String> flags, Map<String, String> qualifiers, String key, Set<String> bits) {
        String value = qualifiers.get(key);
        if (value == null || value.isBlank()) {
            return;
        }
        for (String bit : value.split(",")) {
            if (bits.contains(bit.trim())) {
                flags.add(key + "=" + bit.trim());
            }
        }
    }
}
