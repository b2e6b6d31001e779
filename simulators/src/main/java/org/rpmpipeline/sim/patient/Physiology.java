package org.rpmpipeline.sim.patient;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * A virtual patient's vitals: one {@link VitalModel} per measured vital. Immutable; scenarios derive changed
 * physiologies with {@link #with}.
 */
public final class Physiology {
    private final Map<VitalType, VitalModel> models;

    private Physiology(Map<VitalType, VitalModel> models) {
        this.models = Collections.unmodifiableMap(new EnumMap<>(models));
    }

    /**
     * A clinically stable adult. Each range lies inside the band that scores 0 in NEWS2 (Royal College of
     * Physicians 2017, chart 1: SpO2 scale 1 >= 96 %, pulse 51-90 /min, systolic 111-219 mm[Hg], temperature
     * 36.1-38.0 Cel), below stage 2 hypertension (ACC/AHA 2017: >= 140/90) and inside the CGM time-in-range
     * band 70-180 mg/dL (international consensus 2019), breathing 13-19 /min (NEWS2 12-20 scores 0), alert (ACVPU
     * level 0) and on room air (oxygen flow 0 L/min), so no default rule can fire on it.
     * {@code shift} in [-1, 1] moves each baseline a little so that patients of a cohort differ.
     */
    public static Physiology stableAdult(double shift) {
        double s = Math.max(-1, Math.min(1, shift));
        Map<VitalType, VitalModel> m = new EnumMap<>(VitalType.class);
        m.put(VitalType.SPO2, new VitalModel(Course.constant(97.5 + 0.5 * s), 1.0, 96, 99, 0));
        m.put(VitalType.HEART_RATE, new VitalModel(Course.constant(74 + 6 * s), 6, 62, 88, 0));
        m.put(VitalType.SYSTOLIC_BP, new VitalModel(Course.constant(125 + 5 * s), 7, 114, 138, 0));
        m.put(VitalType.DIASTOLIC_BP, new VitalModel(Course.constant(77 + 3 * s), 5, 66, 86, 0));
        m.put(VitalType.BODY_TEMPERATURE, new VitalModel(Course.constant(36.8 + 0.1 * s), 0.2, 36.4, 37.3, 1));
        m.put(VitalType.BODY_WEIGHT, new VitalModel(Course.constant(78 + 8 * s), 0.2, 30, 250, 1));
        m.put(VitalType.GLUCOSE, new VitalModel(Course.constant(110 + 10 * s), 12, 85, 160, 0));
        m.put(VitalType.RESPIRATORY_RATE, new VitalModel(Course.constant(16 + s), 2, 13, 19, 0));
        m.put(VitalType.CONSCIOUSNESS, new VitalModel(Course.constant(0), 0, 0, 4, 0));
        m.put(VitalType.OXYGEN_FLOW, new VitalModel(Course.constant(0), 0, 0, 15, 1));
        return new Physiology(m);
    }

    /**
     * This physiology with a daily rhythm: pulse, blood pressure and temperature lowest in the early morning
     * (scenario hours 3-5) and highest in the afternoon. The amplitudes are illustrative (a few beats, a few
     * mm[Hg], a quarter of a degree) and stay inside each model's range, so they never make a rule fire alone.
     */
    public Physiology withCircadianRhythm() {
        return with(VitalType.HEART_RATE, m -> m.with(Course.circadian(4, 4), m.min(), m.max()))
                .with(VitalType.SYSTOLIC_BP, m -> m.with(Course.circadian(5, 3), m.min(), m.max()))
                .with(VitalType.DIASTOLIC_BP, m -> m.with(Course.circadian(3, 3), m.min(), m.max()))
                .with(VitalType.BODY_TEMPERATURE, m -> m.with(Course.circadian(0.25, 4.5), m.min(), m.max()));
    }

    /** This physiology with the model of {@code vital} changed. */
    public Physiology with(VitalType vital, UnaryOperator<VitalModel> change) {
        Map<VitalType, VitalModel> copy = new EnumMap<>(models);
        copy.put(vital, Objects.requireNonNull(change.apply(model(vital))));
        return new Physiology(copy);
    }

    /** The model of {@code vital}; throws if this patient has none. */
    public VitalModel model(VitalType vital) {
        VitalModel model = models.get(vital);
        if (model == null) {
            throw new IllegalArgumentException("no model for vital " + vital.code());
        }
        return model;
    }
}
