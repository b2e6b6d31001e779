package org.rpmpipeline.contract.vital;

/**
 * Keys of {@link Reading#qualifiers()} that carry what a Bluetooth health device said besides the value (the
 * gateway's BLE decoding fills them; the processor's signal-quality policy reads them). Status lists are
 * comma-separated codes in bit order; a key is absent when its field was not sent or no bit is set.
 */
public final class GattQualifiers {
    /** The characteristic, e.g. {@code 2a35}. */
    public static final String CHARACTERISTIC = "ble.characteristic";
    /** Heart-rate sensor contact, when supported: {@code detected} or {@code not-detected}. */
    public static final String CONTACT = "ble.contact";
    /** Heart-rate energy expended, cumulative kJ. */
    public static final String ENERGY_EXPENDED_KJ = "ble.hr.energy-expended-kj";
    /** Heart-rate RR intervals in ms (exact: raw x 1000 / 1024), comma-separated. */
    public static final String RR_INTERVALS_MS = "ble.hr.rr-intervals-ms";
    /** The device's user index (blood pressure, weight); absent for 255 (unknown user). */
    public static final String USER = "ble.user";
    /** Blood-pressure measurement status, e.g. {@code body-movement,cuff-loose,pulse-below-range}. */
    public static final String BP_STATUS = "ble.bp.status";
    /** Temperature measurement site, e.g. {@code finger}. */
    public static final String TEMPERATURE_SITE = "ble.temperature.site";
    /** Glucose sample type, e.g. {@code capillary-whole-blood}. */
    public static final String GLUCOSE_TYPE = "ble.glucose.type";
    /** Glucose sample location, e.g. {@code finger}. */
    public static final String GLUCOSE_LOCATION = "ble.glucose.location";
    /** Glucose sensor status annunciation, e.g. {@code battery-low,result-too-high}. */
    public static final String GLUCOSE_STATUS = "ble.glucose.status";
    /** {@code true} for a control-solution test (type 10 or location 4): not a patient value. */
    public static final String GLUCOSE_CONTROL_SOLUTION = "ble.glucose.control-solution";
    /** {@code true} when a Glucose Measurement Context record follows. */
    public static final String GLUCOSE_CONTEXT_FOLLOWS = "ble.glucose.context-follows";
    /** PLX measurement status, e.g. {@code measurement-ongoing,questionable}. */
    public static final String PLX_STATUS = "ble.plx.status";
    /** PLX device and sensor status, e.g. {@code equipment-malfunction,low-perfusion}. */
    public static final String PLX_DEVICE_STATUS = "ble.plx.device-status";
    /** PLX pulse amplitude index in %, or a data-absent code. */
    public static final String PLX_PAI = "ble.plx.pai";
    /** PLX continuous fast/slow averages (SpO2 % and pulse rate /min), or a data-absent code. */
    public static final String PLX_SPO2_FAST = "ble.plx.spo2-fast";
    public static final String PLX_PULSE_RATE_FAST = "ble.plx.pulse-rate-fast";
    public static final String PLX_SPO2_SLOW = "ble.plx.spo2-slow";
    public static final String PLX_PULSE_RATE_SLOW = "ble.plx.pulse-rate-slow";
    /** The device time stamp that was not trusted (clock not set), ISO local date time, for audit. */
    public static final String UNTRUSTED_DEVICE_TIME = "ble.untrusted-device-time";

    private GattQualifiers() {
    }
}
