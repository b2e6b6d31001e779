package org.rpmpipeline.sim.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.VitalType;

class ConditionTest {
    private static final Physiology BASE = Physiology.stableAdult(0);
    private static final Duration START = Duration.ofHours(2);

    @Test
    void hypoxiaEpisode_bringsSpo2Below90AndBack() {
        Physiology p = new Condition(Condition.Type.HYPOXIA_EPISODE, START, Duration.ofMinutes(30)).apply(BASE);

        assertThat(p.model(VitalType.SPO2).expected(START.plusMinutes(15))).isLessThan(90);
        assertThat(p.model(VitalType.SPO2).expected(START.minusMinutes(1))).isGreaterThanOrEqualTo(96);
        assertThat(p.model(VitalType.SPO2).expected(START.plusHours(1))).isGreaterThanOrEqualTo(96);
    }

    @Test
    void hypertensiveCrisis_exceeds180Over120() {
        Physiology p = new Condition(Condition.Type.HYPERTENSIVE_CRISIS, START, Duration.ofMinutes(40)).apply(BASE);

        assertThat(p.model(VitalType.SYSTOLIC_BP).expected(START.plusMinutes(30))).isGreaterThan(180);
        assertThat(p.model(VitalType.DIASTOLIC_BP).expected(START.plusMinutes(30))).isGreaterThan(120);
    }

    @Test
    void hypoglycaemia_fallsBelowTheLevel2BoundOf54() {
        Physiology p = new Condition(Condition.Type.HYPOGLYCAEMIA, START, Duration.ofMinutes(40)).apply(BASE);

        assertThat(p.model(VitalType.GLUCOSE).expected(START.plusMinutes(30))).isLessThan(54);
    }

    @Test
    void hfWeightGain_gainsMoreThan2KgIn3Days() {
        Physiology p = new Condition(Condition.Type.HF_WEIGHT_GAIN, Duration.ZERO, Duration.ofDays(3)).apply(BASE);

        double before = p.model(VitalType.BODY_WEIGHT).expected(Duration.ZERO);
        double after = p.model(VitalType.BODY_WEIGHT).expected(Duration.ofDays(3));
        assertThat(after - before).isGreaterThan(2.0);
    }

    @Test
    void deterioration_worsensEveryVitalGraduallyOverItsLength() {
        Physiology p = new Condition(Condition.Type.DETERIORATION, START, Duration.ofHours(6)).apply(BASE);

        double spo2Mid = p.model(VitalType.SPO2).expected(START.plusHours(3));
        double spo2End = p.model(VitalType.SPO2).expected(START.plusHours(6));
        assertThat(spo2Mid).isLessThan(p.model(VitalType.SPO2).expected(START)).isGreaterThan(spo2End);
        assertThat(spo2End).isLessThanOrEqualTo(88);
        assertThat(p.model(VitalType.HEART_RATE).expected(START.plusHours(6))).isGreaterThan(110);
        assertThat(p.model(VitalType.BODY_TEMPERATURE).expected(START.plusHours(6))).isGreaterThan(38.5);
        assertThat(p.model(VitalType.SYSTOLIC_BP).expected(START.plusHours(6))).isLessThanOrEqualTo(100);
    }
}
