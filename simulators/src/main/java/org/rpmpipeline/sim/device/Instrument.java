package org.rpmpipeline.sim.device;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.patient.Physiology;

/** Turns a patient's physiology into what a device of a given kind reports. */
public final class Instrument {
    private Instrument() {
    }

    /**
     * The samples a device of {@code kind} reports at {@code elapsed}. Draws a fixed number of random values per
     * kind, so a device's values depend only on its own random stream and never on other devices.
     */
    public static List<Sample> measure(DeviceKind kind, Physiology physiology, Duration elapsed,
            RandomGenerator random) {
        List<Sample> samples = new ArrayList<>(kind.vitals().size());
        for (VitalType vital : kind.vitals()) {
            if (vital == VitalType.BLOOD_PRESSURE) {
                samples.add(bloodPressure(physiology, elapsed, random));
            } else {
                samples.add(Sample.of(vital, physiology.model(vital).sample(elapsed, random)));
            }
        }
        return samples;
    }

    private static Sample bloodPressure(Physiology physiology, Duration elapsed, RandomGenerator random) {
        BigDecimal systolic = physiology.model(VitalType.SYSTOLIC_BP).sample(elapsed, random);
        BigDecimal diastolic = physiology.model(VitalType.DIASTOLIC_BP).sample(elapsed, random);
        if (diastolic.compareTo(systolic) >= 0) {
            diastolic = systolic.subtract(BigDecimal.TEN);
        }
        // Mean arterial pressure estimated as diastolic + one third of the pulse pressure.
        BigDecimal mean = diastolic.add(systolic.subtract(diastolic).divide(BigDecimal.valueOf(3), 0,
                RoundingMode.HALF_UP));
        return Sample.panel(VitalType.BLOOD_PRESSURE, List.of(
                Component.of(VitalType.SYSTOLIC_BP, systolic),
                Component.of(VitalType.DIASTOLIC_BP, diastolic),
                Component.of(VitalType.MEAN_BP, mean)));
    }
}
