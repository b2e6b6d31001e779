package org.rpmpipeline.sim.patient;

import java.time.Duration;
import java.util.Objects;
import org.rpmpipeline.contract.Codes;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * A clinical change applied to a patient's physiology from {@code start} for {@code length} of scenario time.
 * The sizes of the changes are chosen to cross the thresholds in shared DOMAIN.md section 3 clearly; each
 * constant names its source.
 */
public record Condition(Type type, Duration start, Duration length) {

    public Condition {
        Objects.requireNonNull(type, "type");
        if (start == null || start.isNegative()) {
            throw new IllegalArgumentException(type.code + ": start must not be negative");
        }
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException(type.code + ": length must be positive");
        }
    }

    /** The kinds of condition a scenario can give a patient. */
    public enum Type {
        /**
         * Gradual deterioration over {@code length}: SpO2 down 10 (to about 87 %), pulse up 48 (to about 122 /min),
         * temperature up 2.3 (to about 39.1 Cel), systolic down 30 (to about 95 mm[Hg]), then held. Each step
         * adds NEWS2 points (RCP 2017 chart 1), so the aggregate rises over hours to 7 or more.
         */
        DETERIORATION("deterioration"),
        /**
         * A desaturation of 12 points (to about 85 %) with 5-minute onset and recovery, held for {@code length}:
         * below the NEWS2 red score (<= 91 %) and the common hypoxaemia metric (< 90 %).
         */
        HYPOXIA_EPISODE("hypoxia-episode"),
        /**
         * Systolic up 68 and diastolic up 47 (to about 193/124 mm[Hg]) with a 20-minute onset, held for
         * {@code length}: above the ACC/AHA 2017 hypertensive-crisis bound of > 180 and/or > 120.
         */
        HYPERTENSIVE_CRISIS("hypertensive-crisis"),
        /**
         * Glucose down 62 mg/dL (to about 48 mg/dL) with a 20-minute onset, held for {@code length}: below the ADA
         * level 2 hypoglycaemia bound of < 54 mg/dL.
         */
        HYPOGLYCAEMIA("hypoglycaemia"),
        /**
         * Heart-failure fluid retention: body weight up 2.6 kg spread evenly over {@code length} (3 days gives more
         * than the ESC self-care alert of > 2 kg in 3 days, and about 0.9 kg a day, the MedStar 24-hour bound).
         */
        HF_WEIGHT_GAIN("hf-weight-gain"),
        /**
         * New confusion (ACVPU C) from {@code start} for {@code length}, with vitals unchanged: NEWS2 scores it 3
         * (RCP 2017 chart 1), a single-parameter red score.
         */
        NEW_CONFUSION("new-confusion"),
        /** Supplemental oxygen at 2 L/min from {@code start} for {@code length}: NEWS2 scores oxygen 2. */
        HOME_OXYGEN("home-oxygen"),
        /**
         * A respiratory exacerbation: breathing rate up 7 (to about 23 /min, NEWS2 21-24 scores 2) and SpO2 down 2
         * with a 10-minute onset, held for {@code length}.
         */
        EXACERBATION("exacerbation");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Type fromCode(String code) {
            return Codes.byCode(values(), Type::code, "condition", code);
        }
    }

    /** {@code physiology} with this condition applied. */
    public Physiology apply(Physiology physiology) {
        Duration onset;
        switch (type) {
            case DETERIORATION:
                return physiology
                        .with(VitalType.SPO2, m -> m.with(drift(-10), 70, 100))
                        .with(VitalType.HEART_RATE, m -> m.with(drift(48), 30, 200))
                        .with(VitalType.BODY_TEMPERATURE, m -> m.with(drift(2.3), 33, 42))
                        .with(VitalType.SYSTOLIC_BP, m -> m.with(drift(-30), 60, 250))
                        .with(VitalType.DIASTOLIC_BP, m -> m.with(drift(-15), 30, 150));
            case HYPOXIA_EPISODE:
                onset = Duration.ofMinutes(5);
                return physiology.with(VitalType.SPO2, m -> m.with(episode(-12, onset), 70, 100));
            case HYPERTENSIVE_CRISIS:
                onset = Duration.ofMinutes(20);
                return physiology
                        .with(VitalType.SYSTOLIC_BP, m -> m.with(episode(68, onset), 60, 250))
                        .with(VitalType.DIASTOLIC_BP, m -> m.with(episode(47, onset), 30, 150));
            case HYPOGLYCAEMIA:
                onset = Duration.ofMinutes(20);
                return physiology.with(VitalType.GLUCOSE, m -> m.with(episode(-62, onset), 20, 500));
            case HF_WEIGHT_GAIN:
                return physiology.with(VitalType.BODY_WEIGHT, m -> m.with(drift(2.6), 30, 250));
            case NEW_CONFUSION:
                return physiology.with(VitalType.CONSCIOUSNESS, m -> m.with(episode(1, Duration.ofSeconds(1)), 0, 4));
            case HOME_OXYGEN:
                return physiology.with(VitalType.OXYGEN_FLOW, m -> m.with(episode(2, Duration.ofSeconds(1)), 0, 15));
            case EXACERBATION:
                onset = Duration.ofMinutes(10);
                return physiology
                        .with(VitalType.RESPIRATORY_RATE, m -> m.with(episode(7, onset), 5, 40))
                        .with(VitalType.SPO2, m -> m.with(episode(-2, onset), 70, 100));
            default:
                throw new IllegalStateException("unhandled condition " + type);
        }
    }

    private Course drift(double delta) {
        return Course.drift(delta, start, length);
    }

    private Course episode(double delta, Duration onset) {
        Duration ramp = onset.compareTo(length) < 0 ? onset : length.dividedBy(4);
        return Course.episode(delta, start, ramp, length);
    }
}
