package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.util.List;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.clinical.News2Chart;
import org.rpmpipeline.contract.vital.Acvpu;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The NEWS2 scoring chart (Royal College of Physicians, National Early Warning Score 2, 2017, Chart 1) and its
 * triggers (Chart 4), as written in the contract's clinical reference file: every band and trigger is read from
 * there, none is a literal here. A value is rounded half up to the chart's resolution (whole numbers; 0.1 °C)
 * before it is banded, so a decimal never falls into a more favourable band (SpO2 91.4 % is 91: score 3).
 */
public final class News2 {
    private static final News2Chart CHART = ClinicalReference.bundled().news2();

    private News2() {
    }

    /** The chart in use. */
    public static News2Chart chart() {
        return CHART;
    }

    /** The seven NEWS2 parameters in the chart's order; the name is what findings list and key sub-scores by. */
    public enum Parameter {
        RESPIRATION_RATE("respiratory-rate", VitalType.RESPIRATORY_RATE),
        SPO2("spo2", VitalType.SPO2),
        AIR_OR_OXYGEN("air-or-oxygen", null),
        SYSTOLIC_BP("systolic-bp", VitalType.SYSTOLIC_BP),
        PULSE("heart-rate", VitalType.HEART_RATE),
        CONSCIOUSNESS("consciousness", VitalType.CONSCIOUSNESS),
        TEMPERATURE("body-temperature", VitalType.BODY_TEMPERATURE);

        /** All seven, in chart order. */
        public static final List<Parameter> ALL = List.of(values());

        private final String code;
        private final VitalType vital;

        Parameter(String code, VitalType vital) {
            this.code = code;
            this.vital = vital;
        }

        /** The name in findings: the vital's code, or {@code air-or-oxygen}. */
        public String code() {
            return code;
        }

        /** The vital that measures it; {@code null} for air or oxygen (two vitals, or a patient setting). */
        public VitalType vital() {
            return vital;
        }
    }

    /** Respiration rate /min: <=8 is 3, 9-11 is 1, 12-20 is 0, 21-24 is 2, >=25 is 3. */
    public static int respirationRate(BigDecimal perMinute) {
        return CHART.row("respiration-rate").score(perMinute);
    }

    /** SpO2 scale 1 %: <=91 is 3, 92-93 is 2, 94-95 is 1, >=96 is 0. */
    public static int spo2Scale1(BigDecimal percent) {
        return CHART.row("spo2-scale-1").score(percent);
    }

    /**
     * SpO2 scale 2 % (hypercapnic respiratory failure, target 88-92 %): <=83 is 3, 84-85 is 2, 86-87 is 1,
     * 88-92 is 0; at 93 % or more: 0 on air, on oxygen 93-94 is 1, 95-96 is 2, >=97 is 3.
     */
    public static int spo2Scale2(BigDecimal percent, boolean onOxygen) {
        return CHART.row(onOxygen ? "spo2-scale-2-on-oxygen" : "spo2-scale-2-on-air").score(percent);
    }

    /** Air or oxygen: oxygen is 2, air is 0. */
    public static int supplementalOxygen(boolean onOxygen) {
        return onOxygen ? CHART.oxygenScore() : CHART.airScore();
    }

    /** Systolic blood pressure mmHg: <=90 is 3, 91-100 is 2, 101-110 is 1, 111-219 is 0, >=220 is 3. */
    public static int systolicPressure(BigDecimal mmHg) {
        return CHART.row("systolic-bp").score(mmHg);
    }

    /** Pulse /min: <=40 is 3, 41-50 is 1, 51-90 is 0, 91-110 is 1, 111-130 is 2, >=131 is 3. */
    public static int pulse(BigDecimal perMinute) {
        return CHART.row("pulse").score(perMinute);
    }

    /** Consciousness: alert is 0; new confusion, or responding only to voice or pain, or unresponsive is 3. */
    public static int consciousness(boolean alert) {
        return alert ? CHART.alertScore() : CHART.notAlertScore();
    }

    /** Consciousness from an ACVPU level. */
    public static int consciousness(Acvpu level) {
        return consciousness(level == Acvpu.ALERT);
    }

    /** Temperature Cel: <=35.0 is 3, 35.1-36.0 is 1, 36.1-38.0 is 0, 38.1-39.0 is 1, >=39.1 is 2. */
    public static int temperature(BigDecimal celsius) {
        return CHART.row("temperature").score(celsius);
    }

    /** Chart 4 trigger for a set of sub-scores (a complete set, or one whose incompleteness is not reviewed). */
    public static Trigger trigger(int aggregate, boolean anySingleThree) {
        return trigger(aggregate, anySingleThree, false);
    }

    /**
     * Chart 4 trigger for a set of sub-scores; {@code review} is true when the set is incomplete and its lower bound
     * reaches the rule's review level (a product decision, see {@link News2Rule}).
     */
    public static Trigger trigger(int aggregate, boolean anySingleThree, boolean review) {
        if (aggregate >= CHART.emergencyTrigger()) {
            return Trigger.EMERGENCY;
        }
        if (aggregate >= CHART.urgentTrigger()) {
            return Trigger.URGENT;
        }
        if (anySingleThree) {
            return Trigger.RED_SCORE;
        }
        return review ? Trigger.INCOMPLETE : Trigger.NONE;
    }

    /** True if a sub-score alone calls for a response (3, "red score"). */
    public static boolean isRedScore(int subScore) {
        return subScore >= CHART.singleParameterTrigger();
    }

    /** NEWS2 clinical response levels (RCP 2017, Chart 4), lowest first. */
    public enum Trigger {
        /** Aggregate 0-4 without a single 3: ward-based response, no alert. */
        NONE("no trigger"),
        /**
         * Parameters missing and the lower bound reaching the rule's review level, without a Chart 4 trigger
         * (product decision): the missing parameters could change the response, so measure them.
         */
        INCOMPLETE("incomplete set, review: missing parameters could reach the key threshold"),
        /** A single parameter scoring 3: urgent ward-based response. */
        RED_SCORE("a single parameter scores 3: urgent ward-based response"),
        /** Aggregate 5-6: urgent response. */
        URGENT("key threshold: urgent response"),
        /** Aggregate 7 or more: emergency response. */
        EMERGENCY("emergency response");

        private final String response;

        Trigger(String response) {
            this.response = response;
        }

        /** The response in words, for summaries. */
        public String response() {
            return response;
        }
    }
}
