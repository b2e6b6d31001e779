package org.rpmpipeline.ble;

import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * PLX Spot-Check Measurement 0x2A5E (DOMAIN.md 1.9): flags, SpO2 (SFLOAT %), pulse rate (SFLOAT bpm), optional time
 * stamp, measurement status (16 bits), device and sensor status (24 bits), pulse amplitude index (SFLOAT %); flags
 * bit 4 says the device clock is not set.
 */
public record PlxSpotCheckMeasurement(MedFloat spo2, MedFloat pulseRate, GattDateTime timestamp,
        Integer measurementStatus, Integer deviceAndSensorStatus, MedFloat pulseAmplitudeIndex,
        boolean deviceClockNotSet) implements GattMeasurement {

    private static final int TIMESTAMP_PRESENT = 0x01;
    private static final int STATUS_PRESENT = 0x02;
    private static final int DEVICE_STATUS_PRESENT = 0x04;
    private static final int PAI_PRESENT = 0x08;
    private static final int CLOCK_NOT_SET = 0x10;

    public PlxSpotCheckMeasurement {
        Objects.requireNonNull(spo2, "spo2");
        Objects.requireNonNull(pulseRate, "pulseRate");
        Fields.range("measurement status", measurementStatus, 0, 0xFFFF);
        Fields.range("device and sensor status", deviceAndSensorStatus, 0, 0xFF_FFFF);
    }

    public static PlxSpotCheckMeasurement decode(byte[] value) {
        GattReader in = new GattReader(value);
        int flags = in.uint8("flags");
        MedFloat spo2 = in.sfloat("spo2");
        MedFloat pulse = in.sfloat("pulse rate");
        GattDateTime timestamp = (flags & TIMESTAMP_PRESENT) != 0 ? in.dateTime("time stamp") : null;
        PlxStatus.Tail tail = PlxStatus.Tail.read(in, (flags & STATUS_PRESENT) != 0,
                (flags & DEVICE_STATUS_PRESENT) != 0, (flags & PAI_PRESENT) != 0);
        return new PlxSpotCheckMeasurement(spo2, pulse, timestamp, tail.measurementStatus(),
                tail.deviceAndSensorStatus(), tail.pulseAmplitudeIndex(), (flags & CLOCK_NOT_SET) != 0);
    }

    @Override
    public Characteristic characteristic() {
        return Characteristic.PLX_SPOT_CHECK_MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        int flags = (timestamp != null ? TIMESTAMP_PRESENT : 0) | (measurementStatus != null ? STATUS_PRESENT : 0)
                | (deviceAndSensorStatus != null ? DEVICE_STATUS_PRESENT : 0)
                | (pulseAmplitudeIndex != null ? PAI_PRESENT : 0) | (deviceClockNotSet ? CLOCK_NOT_SET : 0);
        GattWriter out = new GattWriter().uint8(flags).sfloat(spo2).sfloat(pulseRate);
        if (timestamp != null) {
            out.dateTime(timestamp);
        }
        new PlxStatus.Tail(measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex).write(out);
        return out.toByteArray();
    }

    @Override
    public List<DecodedReading> readings() {
        ReadingFrame frame = new ReadingFrame(characteristic()).timestamp(timestamp).clockNotSet(deviceClockNotSet);
        PlxStatus.qualify(frame, measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex);
        DataAbsentReason statusAbsent = PlxStatus.absentReason(measurementStatus);
        return List.of(PlxStatus.reading(frame, VitalType.SPO2, spo2, statusAbsent),
                PlxStatus.reading(frame, VitalType.HEART_RATE, pulseRate, statusAbsent));
    }
}
