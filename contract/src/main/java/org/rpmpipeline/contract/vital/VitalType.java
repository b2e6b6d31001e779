package org.rpmpipeline.contract.vital;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import org.rpmpipeline.contract.Codes;

/**
 * The vitals the pipeline understands: a wire code, the LOINC code and display it maps to in FHIR, and the one
 * canonical UCUM unit a normalized {@link Reading} carries. Codes and units follow the FHIR R4 vital-signs
 * profiles (hl7.org/fhir/R4/observation-vitalsigns.html, value set ucum-vitals-common) and, for glucose, the
 * LOINC glucometer codes; see shared DOMAIN.md section 2.2.
 *
 * <p>The two NEWS2 parameters no home device measures are vitals too, so a hub app, a carer's questionnaire or a
 * clinician's tool sends them like any reading: {@link #CONSCIOUSNESS} carries an ACVPU level as a number
 * ({@link Acvpu}), and {@link #OXYGEN_FLOW} / {@link #OXYGEN_CONCENTRATION} say whether the patient breathes
 * supplemental oxygen (0 L/min or 21 % = room air). Their LOINC codes are those of the inhaled-oxygen components
 * of the US Core pulse-oximetry profile (3151-8, 3150-0) and LOINC's level of responsiveness (67775-7).
 */
public enum VitalType {
    SPO2("spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%"),
    HEART_RATE("heart-rate", "8867-4", "Heart rate", "/min"),
    RESPIRATORY_RATE("respiratory-rate", "9279-1", "Respiratory rate", "/min"),
    SYSTOLIC_BP("systolic-bp", "8480-6", "Systolic blood pressure", "mm[Hg]"),
    DIASTOLIC_BP("diastolic-bp", "8462-4", "Diastolic blood pressure", "mm[Hg]"),
    MEAN_BP("mean-bp", "8478-0", "Mean blood pressure", "mm[Hg]"),
    /** A panel: no value of its own, components systolic, diastolic and optionally mean. */
    BLOOD_PRESSURE("blood-pressure", "85354-9", "Blood pressure panel with all children optional", null),
    BODY_TEMPERATURE("body-temperature", "8310-5", "Body temperature", "Cel"),
    BODY_WEIGHT("body-weight", "29463-7", "Body weight", "kg"),
    BODY_HEIGHT("body-height", "8302-2", "Body height", "cm"),
    BMI("bmi", "39156-5", "Body mass index (BMI) [Ratio]", "kg/m2"),
    GLUCOSE("glucose", "41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer", "mg/dL"),
    GLUCOSE_MOLAR("glucose-molar", "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", "mmol/L"),
    /** ACVPU level 0-4 ({@link Acvpu}); the unit is a UCUM annotation of the dimensionless 1. */
    CONSCIOUSNESS("consciousness", "67775-7", "Level of responsiveness", "{ACVPU}"),
    /** Supplemental oxygen flow; 0 means breathing room air. */
    OXYGEN_FLOW("oxygen-flow", "3151-8", "Inhaled oxygen flow rate", "L/min"),
    /** Inspired oxygen concentration (FiO2); 21 % is room air. */
    OXYGEN_CONCENTRATION("oxygen-concentration", "3150-0", "Inhaled oxygen concentration", "%");

    /** The system of {@link #loinc()}. */
    public static final String LOINC_SYSTEM = "http://loinc.org";
    /** The system of {@link #unit()}. */
    public static final String UCUM_SYSTEM = "http://unitsofmeasure.org";

    private final String code;
    private final String loinc;
    private final String display;
    private final String unit;

    VitalType(String code, String loinc, String display, String unit) {
        this.code = code;
        this.loinc = loinc;
        this.display = display;
        this.unit = unit;
    }

    /** The wire code, e.g. {@code spo2}. */
    @JsonValue
    public String code() {
        return code;
    }

    public String loinc() {
        return loinc;
    }

    public String display() {
        return display;
    }

    /** The canonical UCUM unit, or {@code null} for a panel. */
    public String unit() {
        return unit;
    }

    /** True for a panel whose values are its components. */
    public boolean isPanel() {
        return unit == null;
    }

    /** The component vitals a panel may carry; empty for a non-panel. */
    public List<VitalType> componentTypes() {
        return this == BLOOD_PRESSURE ? List.of(SYSTOLIC_BP, DIASTOLIC_BP, MEAN_BP) : List.of();
    }

    /** Parses a wire code; throws {@link IllegalArgumentException} listing the known codes. */
    @JsonCreator
    public static VitalType fromCode(String code) {
        return Codes.byCode(values(), VitalType::code, "vital", code);
    }
}
