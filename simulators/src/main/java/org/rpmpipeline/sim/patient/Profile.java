package org.rpmpipeline.sim.patient;

import java.time.Duration;
import java.util.List;
import org.rpmpipeline.contract.Codes;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.device.DeviceKind;

/**
 * Patient archetypes a cohort is drawn from ({@code --mix copd:0.2,hf:0.3}): a device kit and the conditions a run
 * gives the patient, timed relative to the run's duration.
 */
public enum Profile {
    STABLE("stable", List.of(DeviceKind.PULSE_OXIMETER, DeviceKind.BLOOD_PRESSURE_CUFF, DeviceKind.THERMOMETER,
            DeviceKind.HEART_RATE_MONITOR)),
    /** Deteriorates gradually from a quarter of the run, over half of it. */
    DETERIORATING("deteriorating", List.of(DeviceKind.PULSE_OXIMETER, DeviceKind.BLOOD_PRESSURE_CUFF,
            DeviceKind.THERMOMETER, DeviceKind.HEART_RATE_MONITOR)),
    /** Chronic lung disease: spot and overnight oximetry with a hypoxia episode. */
    COPD("copd", List.of(DeviceKind.PULSE_OXIMETER, DeviceKind.CONTINUOUS_OXIMETER, DeviceKind.THERMOMETER)),
    /** Heart failure: daily weight with fluid gain over the run, and blood pressure. */
    HEART_FAILURE("hf", List.of(DeviceKind.WEIGHT_SCALE, DeviceKind.BLOOD_PRESSURE_CUFF,
            DeviceKind.PULSE_OXIMETER)),
    /** Diabetes on insulin: glucometer with a hypoglycaemia. */
    DIABETES("diabetes", List.of(DeviceKind.GLUCOMETER, DeviceKind.BLOOD_PRESSURE_CUFF)),
    /** Hypertension: blood pressure with a hypertensive crisis. */
    HYPERTENSION("hypertension", List.of(DeviceKind.BLOOD_PRESSURE_CUFF, DeviceKind.HEART_RATE_MONITOR)),
    /** Older adult with normal vitals who becomes newly confused (the NEWS2 check-in reports ACVPU C). */
    NEW_CONFUSION("confusion", List.of(DeviceKind.PULSE_OXIMETER, DeviceKind.BLOOD_PRESSURE_CUFF,
            DeviceKind.THERMOMETER, DeviceKind.CHECK_IN)),
    /**
     * Chronic lung disease on home oxygen at 2 L/min for the whole run (SpO2 about 94 %), with a respiratory
     * exacerbation: the oxygen score tips the aggregate to the key threshold.
     */
    HOME_OXYGEN("home-oxygen", List.of(DeviceKind.PULSE_OXIMETER, DeviceKind.BLOOD_PRESSURE_CUFF,
            DeviceKind.THERMOMETER, DeviceKind.CHECK_IN));

    private final String code;
    private final List<DeviceKind> kit;

    Profile(String code, List<DeviceKind> kit) {
        this.code = code;
        this.kit = kit;
    }

    public String code() {
        return code;
    }

    public List<DeviceKind> kit() {
        return kit;
    }

    /** The conditions of a run of {@code duration}; {@code phase} in [0, 1) staggers them across a cohort. */
    public List<Condition> conditions(Duration duration, double phase) {
        Duration start = duration.multipliedBy(20 + (long) (phase * 20)).dividedBy(100);
        Duration episode = min(duration.dividedBy(5), Duration.ofHours(1));
        switch (this) {
            case DETERIORATING:
                return List.of(new Condition(Condition.Type.DETERIORATION, duration.dividedBy(4),
                        duration.dividedBy(2)));
            case COPD:
                return List.of(new Condition(Condition.Type.HYPOXIA_EPISODE, start, episode));
            case HEART_FAILURE:
                return List.of(new Condition(Condition.Type.HF_WEIGHT_GAIN, start,
                        min(duration.minus(start), Duration.ofDays(3))));
            case DIABETES:
                return List.of(new Condition(Condition.Type.HYPOGLYCAEMIA, start, episode));
            case HYPERTENSION:
                return List.of(new Condition(Condition.Type.HYPERTENSIVE_CRISIS, start, episode));
            case NEW_CONFUSION:
                return List.of(new Condition(Condition.Type.NEW_CONFUSION, start, episode));
            case HOME_OXYGEN:
                return List.of(new Condition(Condition.Type.HOME_OXYGEN, Duration.ZERO, duration),
                        new Condition(Condition.Type.EXACERBATION, start, episode));
            default:
                return List.of();
        }
    }

    /** The physiology of the profile before its conditions; {@code shift} in [-1, 1] varies the baseline. */
    public Physiology baseline(double shift) {
        Physiology stable = Physiology.stableAdult(shift);
        if (this == HOME_OXYGEN) {
            // on oxygen with a chronically lower saturation: 93-96 %, NEWS2 scale 1 scores 0-2 (mostly 1)
            return stable.with(VitalType.SPO2, m -> new VitalModel(Course.constant(94.5), 1.0, 93, 96, 0));
        }
        return stable;
    }

    public static Profile fromCode(String code) {
        return Codes.byCode(values(), Profile::code, "profile", code);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
