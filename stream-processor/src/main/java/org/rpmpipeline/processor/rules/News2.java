package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;

/**
 * The NEWS2 scoring chart, parameter by parameter (Royal College of Physicians, National Early Warning Score 2,
 * 2017, Chart 1). Bands are the chart's inclusive ranges; a decimal value between two integer ranges falls in the
 * band whose upper bound it does not exceed (91.5 % scores as 92 %).
 */
public final class News2 {
    private News2() {
    }

    /** Respiration rate /min: <=8 is 3, 9-11 is 1, 12-20 is 0, 21-24 is 2, >=25 is 3. */
    public static int respirationRate(BigDecimal perMinute) {
        return banded(perMinute, new int[] {8, 11, 20, 24}, new int[] {3, 1, 0, 2, 3});
    }

    /** SpO2 scale 1 %: <=91 is 3, 92-93 is 2, 94-95 is 1, >=96 is 0. */
    public static int spo2Scale1(BigDecimal percent) {
        return banded(percent, new int[] {91, 93, 95}, new int[] {3, 2, 1, 0});
    }

    /**
     * SpO2 scale 2 % (hypercapnic respiratory failure, target 88-92 %): <=83 is 3, 84-85 is 2, 86-87 is 1,
     * 88-92 is 0; at 93 % or more: 0 on air, on oxygen 93-94 is 1, 95-96 is 2, >=97 is 3.
     */
    public static int spo2Scale2(BigDecimal percent, boolean onOxygen) {
        int low = banded(percent, new int[] {83, 85, 87, 92}, new int[] {3, 2, 1, 0, -1});
        if (low >= 0) {
            return low;
        }
        return onOxygen ? banded(percent, new int[] {94, 96}, new int[] {1, 2, 3}) : 0;
    }

    /** Air or oxygen: oxygen is 2, air is 0. */
    public static int supplementalOxygen(boolean onOxygen) {
        return onOxygen ? 2 : 0;
    }

    /** Systolic blood pressure mmHg: <=90 is 3, 91-100 is 2, 101-110 is 1, 111-219 is 0, >=220 is 3. */
    public static int systolicPressure(BigDecimal mmHg) {
        return banded(mmHg, new int[] {90, 100, 110, 219}, new int[] {3, 2, 1, 0, 3});
    }

    /** Pulse /min: <=40 is 3, 41-50 is 1, 51-90 is 0, 91-110 is 1, 111-130 is 2, >=131 is 3. */
    public static int pulse(BigDecimal perMinute) {
        return banded(perMinute, new int[] {40, 50, 90, 110, 130}, new int[] {3, 1, 0, 1, 2, 3});
    }

    /** Consciousness: alert is 0; new confusion, or responding only to voice or pain, or unresponsive is 3. */
    public static int consciousness(boolean alert) {
        return alert ? 0 : 3;
    }

    /** Temperature Cel: <=35.0 is 3, 35.1-36.0 is 1, 36.1-38.0 is 0, 38.1-39.0 is 1, >=39.1 is 2. */
    public static int temperature(BigDecimal celsius) {
        BigDecimal[] upper = {new BigDecimal("35.0"), new BigDecimal("36.0"), new BigDecimal("38.0"),
            new BigDecimal("39.0")};
        int[] scores = {3, 1, 0, 1, 2};
        for (int i = 0; i < upper.length; i++) {
            if (celsius.compareTo(upper[i]) <= 0) {
                return scores[i];
            }
        }
        return scores[upper.length];
    }

    /** Chart 4 trigger for a set of sub-scores. */
    public static Trigger trigger(int aggregate, boolean anySingleThree) {
        if (aggregate >= 7) {
            return Trigger.EMERGENCY;
        }
        if (aggregate >= 5) {
            return Trigger.URGENT;
        }
        return anySingleThree ? Trigger.RED_SCORE : Trigger.NONE;
    }

    /** NEWS2 clinical response levels (RCP 2017, Chart 4), lowest first. */
    public enum Trigger {
        /** Aggregate 0-4 without a single 3: ward-based response, no alert. */
        NONE,
        /** A single parameter scoring 3: urgent ward-based response. */
        RED_SCORE,
        /** Aggregate 5-6: urgent response. */
        URGENT,
        /** Aggregate 7 or more: emergency response. */
        EMERGENCY
    }

    private static int banded(BigDecimal value, int[] inclusiveUpper, int[] scores) {
        for (int i = 0; i < inclusiveUpper.length; i++) {
            if (value.compareTo(BigDecimal.valueOf(inclusiveUpper[i])) <= 0) {
                return scores[i];
            }
        }
        return scores[inclusiveUpper.length];
    }
}
