package org.rpmpipeline.sim.device;

import java.util.List;
import org.rpmpipeline.contract.Codes;
import org.rpmpipeline.contract.vital.VitalType;

/** The kinds of device a virtual patient can carry, with the vitals each one reports per measurement. */
public enum DeviceKind {
    /** Spot-check pulse oximeter: SpO2 and pulse rate. */
    PULSE_OXIMETER("pulse-oximeter", "ox", List.of(VitalType.SPO2, VitalType.HEART_RATE)),
    /** Continuous (overnight) pulse oximeter: SpO2 and pulse rate, about once a second. */
    CONTINUOUS_OXIMETER("continuous-oximeter", "cox", List.of(VitalType.SPO2, VitalType.HEART_RATE)),
    /** Heart-rate wearable (chest strap, watch). */
    HEART_RATE_MONITOR("heart-rate-monitor", "hr", List.of(VitalType.HEART_RATE)),
    /** Upper-arm blood-pressure cuff: systolic, diastolic and mean pressure as one panel. */
    BLOOD_PRESSURE_CUFF("blood-pressure-cuff", "bp", List.of(VitalType.BLOOD_PRESSURE)),
    THERMOMETER("thermometer", "temp", List.of(VitalType.BODY_TEMPERATURE)),
    WEIGHT_SCALE("weight-scale", "wt", List.of(VitalType.BODY_WEIGHT)),
    GLUCOMETER("glucometer", "glu", List.of(VitalType.GLUCOSE)),
    /**
     * A NEWS2 check-in in the hub app, answered by the patient or a carer: the level of consciousness (ACVPU),
     * breaths counted over a minute and the oxygen flow the patient is on (0 = room air). No Bluetooth
     * characteristic exists for it, so it is always sent as JSON.
     */
    CHECK_IN("check-in", "obs", List.of(VitalType.CONSCIOUSNESS, VitalType.RESPIRATORY_RATE, VitalType.OXYGEN_FLOW));

    private final String code;
    private final String idPrefix;
    private final List<VitalType> vitals;

    DeviceKind(String code, String idPrefix, List<VitalType> vitals) {
        this.code = code;
        this.idPrefix = idPrefix;
        this.vitals = vitals;
    }

    /** The kind as written in device bindings and scenario files, e.g. {@code pulse-oximeter}. */
    public String code() {
        return code;
    }

    /** The prefix of generated device ids, e.g. {@code ox} in {@code ox-0001}. */
    public String idPrefix() {
        return idPrefix;
    }

    /** The vitals one measurement of this kind carries. */
    public List<VitalType> vitals() {
        return vitals;
    }

    /** True if the kind has a Bluetooth SIG characteristic, so it can be relayed as raw GATT bytes. */
    public boolean hasGattCharacteristic() {
        return this != CHECK_IN;
    }

    /** Parses a kind code; throws listing the known codes. */
    public static DeviceKind fromCode(String code) {
        return Codes.byCode(values(), DeviceKind::code, "device kind", code);
    }
}
