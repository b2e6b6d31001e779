package org.rpmpipeline.alerts.console;

import java.math.BigDecimal;
import java.util.List;
import org.rpmpipeline.contract.vital.VitalType;

/** How the console names vitals and writes their values. */
public final class Vitals {
    /** The vitals a patient page charts, in this order (blood pressure as its two components). */
    public static final List<VitalType> CHARTED = List.of(VitalType.SPO2, VitalType.HEART_RATE,
            VitalType.RESPIRATORY_RATE, VitalType.SYSTOLIC_BP, VitalType.DIASTOLIC_BP, VitalType.BODY_TEMPERATURE,
            VitalType.CONSCIOUSNESS, VitalType.OXYGEN_FLOW, VitalType.OXYGEN_CONCENTRATION, VitalType.GLUCOSE,
            VitalType.GLUCOSE_MOLAR, VitalType.BODY_WEIGHT);

    private Vitals() {
    }

    public static String label(VitalType vital) {
        return switch (vital) {
            case SPO2 -> "SpO₂";
            case HEART_RATE -> "Heart rate";
            case RESPIRATORY_RATE -> "Respiratory rate";
            case SYSTOLIC_BP -> "Systolic blood pressure";
            case DIASTOLIC_BP -> "Diastolic blood pressure";
            case MEAN_BP -> "Mean blood pressure";
            case BLOOD_PRESSURE -> "Blood pressure";
            case BODY_TEMPERATURE -> "Temperature";
            case BODY_WEIGHT -> "Weight";
            case BODY_HEIGHT -> "Height";
            case BMI -> "BMI";
            case GLUCOSE, GLUCOSE_MOLAR -> "Glucose";
            case CONSCIOUSNESS -> "Consciousness (ACVPU)";
            case OXYGEN_FLOW -> "Oxygen flow";
            case OXYGEN_CONCENTRATION -> "Inspired oxygen";
        };
    }

    /** The unit as people write it ({@code °C} for UCUM {@code Cel}). */
    public static String unit(VitalType vital) {
        String unit = vital.unit();
        if (unit == null || unit.startsWith("{")) {
            return "";
        }
        return switch (unit) {
            case "Cel" -> "°C";
            case "mm[Hg]" -> "mmHg";
            default -> unit;
        };
    }

    /** e.g. {@code SpO₂ 88 %}. */
    public static String reading(VitalType vital, BigDecimal value) {
        if (value == null) {
            return label(vital) + " not measured";
        }
        String unit = unit(vital);
        return label(vital) + " " + value.stripTrailingZeros().toPlainString() + (unit.isEmpty() ? "" : " " + unit);
    }

    /** NEWS2 parameter codes as written in a finding's details, in words. */
    public static String news2Parameter(String code) {
        return switch (code) {
            case "respiration-rate", "respiratory-rate" -> "Respiration rate";
            case "spo2" -> "SpO₂";
            case "air-or-oxygen" -> "Air or oxygen";
            case "systolic-bp" -> "Systolic blood pressure";
            case "pulse", "heart-rate" -> "Pulse";
            case "consciousness" -> "Consciousness";
            case "temperature", "body-temperature" -> "Temperature";
            default -> code;
        };
    }
}
