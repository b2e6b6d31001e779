package org.rpmpipeline.ble;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Glucose Measurement 0x2A18 (DOMAIN.md 1.8): flags, sequence number (uint16), base time, optional time offset
 * (sint16 minutes), concentration (SFLOAT kg/L or mol/L) with type and sample location (one octet: type = low
 * nibble, location = high nibble), sensor status annunciation (16 bits, SIG bit order).
 *
 * @param timeOffsetMinutes added to the base time, or null when absent
 * @param concentration in kg/L or mol/L per {@code unit}, or null when absent (then type and location are too)
 * @param sensorStatus raw annunciation bits, or null when absent
 */
public record GlucoseMeasurement(int sequenceNumber, GattDateTime baseTime, Integer timeOffsetMinutes,
        ConcentrationUnit unit, MedFloat concentration, Integer type, Integer sampleLocation, Integer sensorStatus,
        boolean contextFollows) implements GattMeasurement {

    public enum ConcentrationUnit { KG_PER_L, MOL_PER_L }

    /** Type (low nibble) 10 = control solution. */
    public static final int TYPE_CONTROL_SOLUTION = 10;
    /** Sample location (high nibble) 4 = control solution. */
    public static final int LOCATION_CONTROL_SOLUTION = 4;

    private static final int OFFSET_PRESENT = 0x01;
    private static final int CONCENTRATION_PRESENT = 0x02;
    private static final int MOL_PER_L = 0x04;
    private static final int STATUS_PRESENT = 0x08;
    private static final int CONTEXT_FOLLOWS = 0x10;
    private static final String[] TYPES = {null, "capillary-whole-blood", "capillary-plasma", "venous-whole-blood",
        "venous-plasma", "arterial-whole-blood", "arterial-plasma", "undetermined-whole-blood",
        "undetermined-plasma", "interstitial-fluid", "control-solution"};
    private static final String[] LOCATIONS = {null, "finger", "alternate-site", "earlobe", "control-solution",
        null, null, null, null, null, null, null, null, null, null, "not-available"};
    /** Sensor Status Annunciation in the SIG bit order (bit 5 = too high, bit 6 = too low); bits 12-15 RFU. */
    private static final String[] STATUS = {"battery-low", "sensor-malfunction", "sample-size-insufficient",
        "strip-insertion-error", "strip-type-incorrect", "result-too-high", "result-too-low",
        "sensor-temperature-too-high", "sensor-temperature-too-low", "read-interrupted", "device-fault",
        "time-fault"};

    public GlucoseMeasurement {
        Objects.requireNonNull(baseTime, "baseTime");
        Objects.requireNonNull(unit, "unit");
        Fields.range("sequence number", sequenceNumber, 0, 0xFFFF);
        Fields.range("time offset", timeOffsetMinutes, Short.MIN_VALUE, Short.MAX_VALUE);
        Fields.range("type", type, 0, 0x0F);
        Fields.range("sample location", sampleLocation, 0, 0x0F);
        Fields.range("sensor status", sensorStatus, 0, 0xFFFF);
        Fields.together("concentration, type and sample location", concentration, type, sampleLocation);
    }

    public static GlucoseMeasurement decode(byte[] value) {
        GattReader in = new GattReader(value);
        int flags = in.uint8("flags");
        int sequence = in.uint16("sequence number");
        GattDateTime base = in.dateTime("base time");
        Integer offset = (flags & OFFSET_PRESENT) != 0 ? in.sint16("time offset") : null;
        MedFloat concentration = null;
        Integer type = null;
        Integer location = null;
        if ((flags & CONCENTRATION_PRESENT) != 0) {
            concentration = in.sfloat("glucose concentration");
            int typeAndLocation = in.uint8("type-sample location");
            type = typeAndLocation & 0x0F;
            location = typeAndLocation >> 4;
        }
        Integer status = (flags & STATUS_PRESENT) != 0 ? in.uint16("sensor status annunciation") : null;
        return new GlucoseMeasurement(sequence, base, offset,
                (flags & MOL_PER_L) != 0 ? ConcentrationUnit.MOL_PER_L : ConcentrationUnit.KG_PER_L,
                concentration, type, location, status, (flags & CONTEXT_FOLLOWS) != 0);
    }

    @Override
    public Characteristic characteristic() {
        return Characteristic.GLUCOSE_MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        int flags = (timeOffsetMinutes != null ? OFFSET_PRESENT : 0)
                | (concentration != null ? CONCENTRATION_PRESENT : 0)
                | (unit == ConcentrationUnit.MOL_PER_L ? MOL_PER_L : 0) | (sensorStatus != null ? STATUS_PRESENT : 0)
                | (contextFollows ? CONTEXT_FOLLOWS : 0);
        GattWriter out = new GattWriter().uint8(flags).uint16(sequenceNumber).dateTime(baseTime);
        if (timeOffsetMinutes != null) {
            out.sint16(timeOffsetMinutes);
        }
        if (concentration != null) {
            out.sfloat(concentration).uint8(sampleLocation << 4 | type);
        }
        if (sensorStatus != null) {
            out.uint16(sensorStatus);
        }
        return out.toByteArray();
    }

    /** Base time plus offset; null when the base date is not known. */
    public LocalDateTime measuredAt() {
        return baseTime.toLocalDateTime()
                .map(base -> timeOffsetMinutes == null ? base : base.plusMinutes(timeOffsetMinutes))
                .orElse(null);
    }

    /** True for a control-solution test (type 10 or location 4): not a patient value. */
    public boolean isControlSolution() {
        return Objects.equals(type, TYPE_CONTROL_SOLUTION) || Objects.equals(sampleLocation, LOCATION_CONTROL_SOLUTION);
    }

    /** Annunciation codes in bit order, empty when none or absent. */
    public List<String> statusCodes() {
        return sensorStatus == null ? List.of() : StatusBits.names(sensorStatus, STATUS);
    }

    @Override
    public List<DecodedReading> readings() {
        if (concentration == null) {
            return List.of();
        }
        ReadingFrame frame = new ReadingFrame(characteristic()).timestamp(baseTime).deviceTime(measuredAt())
                .discriminator(Integer.toString(sequenceNumber))
                .qualifier(GattQualifiers.GLUCOSE_TYPE, name(TYPES, type))
                .qualifier(GattQualifiers.GLUCOSE_LOCATION, name(LOCATIONS, sampleLocation))
                .qualifier(GattQualifiers.GLUCOSE_STATUS, StatusBits.joined(statusCodes()))
                .qualifier(GattQualifiers.GLUCOSE_CONTROL_SOLUTION, isControlSolution() ? "true" : null)
                .qualifier(GattQualifiers.GLUCOSE_CONTEXT_FOLLOWS, contextFollows ? "true" : null);
        return List.of(unit == ConcentrationUnit.KG_PER_L
                ? frame.reading(VitalType.GLUCOSE, Conversions.kgPerLitreToMgPerDl(concentration))
                : frame.reading(VitalType.GLUCOSE_MOLAR, Conversions.molPerLitreToMmolPerLitre(concentration)));
    }

    private static String name(String[] table, int code) {
        return code < table.length && table[code] != null ? table[code] : "reserved-" + code;
    }
}
