package org.rpmpipeline.ble;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Blood Pressure Measurement 0x2A35 (DOMAIN.md 1.5): flags, systolic, diastolic and mean arterial pressure
 * (SFLOAT, mmHg or kPa), optional time stamp, pulse rate (SFLOAT bpm), user id (uint8, 255 = unknown) and
 * measurement status (16 bits).
 *
 * @param measurementStatus raw status bits, or null when absent
 */
public record BloodPressureMeasurement(PressureUnit unit, MedFloat systolic, MedFloat diastolic,
        MedFloat meanArterialPressure, GattDateTime timestamp, MedFloat pulseRate, Integer userId,
        Integer measurementStatus) implements GattMeasurement {

    public enum PressureUnit { MMHG, KPA }

    /** Pulse-rate range, the 2-bit field at status bits 3-4. */
    public enum PulseRange { WITHIN_RANGE, EXCEEDS_UPPER_LIMIT, BELOW_LOWER_LIMIT, RFU }

    public static final int UNKNOWN_USER = 255;

    private static final int KPA = 0x01;
    private static final int TIMESTAMP_PRESENT = 0x02;
    private static final int PULSE_PRESENT = 0x04;
    private static final int USER_PRESENT = 0x08;
    private static final int STATUS_PRESENT = 0x10;
    /** Status bits 0, 1, 2 and 5 (3-4 are the pulse-range field, 6-15 RFU). */
    private static final String[] STATUS_BITS = {"body-movement", "cuff-loose", "irregular-pulse", null, null,
        "improper-position"};

    public BloodPressureMeasurement {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(systolic, "systolic");
        Objects.requireNonNull(diastolic, "diastolic");
        Objects.requireNonNull(meanArterialPressure, "meanArterialPressure");
        Fields.range("user id", userId, 0, 0xFF);
        Fields.range("measurement status", measurementStatus, 0, 0xFFFF);
    }

    public static BloodPressureMeasurement decode(byte[] value) {
        GattReader in = new GattReader(value);
        int flags = in.uint8("flags");
        MedFloat systolic = in.sfloat("systolic");
        MedFloat diastolic = in.sfloat("diastolic");
        MedFloat mean = in.sfloat("mean arterial pressure");
        GattDateTime timestamp = (flags & TIMESTAMP_PRESENT) != 0 ? in.dateTime("time stamp") : null;
        MedFloat pulse = (flags & PULSE_PRESENT) != 0 ? in.sfloat("pulse rate") : null;
        Integer user = (flags & USER_PRESENT) != 0 ? in.uint8("user id") : null;
        Integer status = (flags & STATUS_PRESENT) != 0 ? in.uint16("measurement status") : null;
        return new BloodPressureMeasurement((flags & KPA) != 0 ? PressureUnit.KPA : PressureUnit.MMHG,
                systolic, diastolic, mean, timestamp, pulse, user, status);
    }

    @Override
    public Characteristic characteristic() {
        return Characteristic.BLOOD_PRESSURE_MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        int flags = (unit == PressureUnit.KPA ? KPA : 0) | (timestamp != null ? TIMESTAMP_PRESENT : 0)
                | (pulseRate != null ? PULSE_PRESENT : 0) | (userId != null ? USER_PRESENT : 0)
                | (measurementStatus != null ? STATUS_PRESENT : 0);
        GattWriter out = new GattWriter().uint8(flags).sfloat(systolic).sfloat(diastolic).sfloat(meanArterialPressure);
        if (timestamp != null) {
            out.dateTime(timestamp);
        }
        if (pulseRate != null) {
            out.sfloat(pulseRate);
        }
        if (userId != null) {
            out.uint8(userId);
        }
        if (measurementStatus != null) {
            out.uint16(measurementStatus);
        }
        return out.toByteArray();
    }

    /** The pulse-rate range field, or null when no status was sent. */
    public PulseRange pulseRange() {
        return measurementStatus == null ? null : PulseRange.values()[measurementStatus >> 3 & 0x03];
    }

    /** Status codes in bit order, e.g. {@code [body-movement, cuff-loose, pulse-below-range]}. */
    public List<String> statusCodes() {
        if (measurementStatus == null) {
            return List.of();
        }
        List<String> codes = new ArrayList<>(StatusBits.names(measurementStatus, STATUS_BITS));
        PulseRange range = pulseRange();
        if (range == PulseRange.EXCEEDS_UPPER_LIMIT) {
            codes.add(codes.size() - (StatusBits.isSet(measurementStatus, 5) ? 1 : 0), "pulse-above-range");
        } else if (range == PulseRange.BELOW_LOWER_LIMIT) {
            codes.add(codes.size() - (StatusBits.isSet(measurementStatus, 5) ? 1 : 0), "pulse-below-range");
        }
        return codes;
    }

    @Override
    public List<DecodedReading> readings() {
        ReadingFrame frame = new ReadingFrame(characteristic())
                .timestamp(timestamp)
                .qualifier(GattQualifiers.USER, userId == null || userId == UNKNOWN_USER ? null : userId.toString())
                .qualifier(GattQualifiers.BP_STATUS, StatusBits.joined(statusCodes()));
        List<Component> components = List.of(
                ReadingFrame.component(VitalType.SYSTOLIC_BP, toMmHg(systolic)),
                ReadingFrame.component(VitalType.DIASTOLIC_BP, toMmHg(diastolic)),
                ReadingFrame.component(VitalType.MEAN_BP, toMmHg(meanArterialPressure)));
        List<DecodedReading> readings = new ArrayList<>();
        readings.add(frame.panel(VitalType.BLOOD_PRESSURE, components));
        if (pulseRate != null) {
            readings.add(frame.reading(VitalType.HEART_RATE, pulseRate));
        }
        return List.copyOf(readings);
    }

    private MedFloat toMmHg(MedFloat pressure) {
        return unit == PressureUnit.KPA ? Conversions.kpaToMmHg(pressure) : pressure;
    }
}
