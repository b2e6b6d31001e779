package org.rpmpipeline.ble;

import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * PLX Continuous Measurement 0x2A5F (DOMAIN.md 1.10): flags, SpO2PR-Normal, optional SpO2PR-Fast and -Slow,
 * measurement status (16 bits), device and sensor status (24 bits), pulse amplitude index. No time stamp: the
 * relay's time applies. Only the normal pair becomes readings; the fast and slow averages are qualifiers, so rules
 * do not count one measurement three times.
 *
 * @param fast the fast-response pair, or null
 * @param slow the slow-response pair, or null
 */
public record PlxContinuousMeasurement(Spo2PulseRate normal, Spo2PulseRate fast, Spo2PulseRate slow,
        Integer measurementStatus, Integer deviceAndSensorStatus, MedFloat pulseAmplitudeIndex)
        implements GattMeasurement {

    /** An SpO2 (%) and pulse rate (bpm) pair. */
    public record Spo2PulseRate(MedFloat spo2, MedFloat pulseRate) {
        public Spo2PulseRate {
            Objects.requireNonNull(spo2, "spo2");
            Objects.requireNonNull(pulseRate, "pulseRate");
        }
    }

    private static final int FAST_PRESENT = 0x01;
    private static final int SLOW_PRESENT = 0x02;
    private static final int STATUS_PRESENT = 0x04;
    private static final int DEVICE_STATUS_PRESENT = 0x08;
    private static final int PAI_PRESENT = 0x10;

    public PlxContinuousMeasurement {
        Objects.requireNonNull(normal, "normal");
        Fields.range("measurement status", measurementStatus, 0, 0xFFFF);
        Fields.range("device and sensor status", deviceAndSensorStatus, 0, 0xFF_FFFF);
    }

    public static PlxContinuousMeasurement decode(byte[] value) {
        GattReader in = new GattReader(value);
        int flags = in.uint8("flags");
        Spo2PulseRate normal = pair(in, "normal");
        Spo2PulseRate fast = (flags & FAST_PRESENT) != 0 ? pair(in, "fast") : null;
        Spo2PulseRate slow = (flags & SLOW_PRESENT) != 0 ? pair(in, "slow") : null;
        PlxStatus.Tail tail = PlxStatus.Tail.read(in, (flags & STATUS_PRESENT) != 0,
                (flags & DEVICE_STATUS_PRESENT) != 0, (flags & PAI_PRESENT) != 0);
        return new PlxContinuousMeasurement(normal, fast, slow, tail.measurementStatus(), tail.deviceAndSensorStatus(),
                tail.pulseAmplitudeIndex());
    }

    private static Spo2PulseRate pair(GattReader in, String name) {
        return new Spo2PulseRate(in.sfloat("spo2 (" + name + ")"), in.sfloat("pulse rate (" + name + ")"));
    }

    @Override
    public Characteristic characteristic() {
        return Characteristic.PLX_CONTINUOUS_MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        int flags = (fast != null ? FAST_PRESENT : 0) | (slow != null ? SLOW_PRESENT : 0)
                | (measurementStatus != null ? STATUS_PRESENT : 0)
                | (deviceAndSensorStatus != null ? DEVICE_STATUS_PRESENT : 0)
                | (pulseAmplitudeIndex != null ? PAI_PRESENT : 0);
        GattWriter out = new GattWriter().uint8(flags).sfloat(normal.spo2()).sfloat(normal.pulseRate());
        if (fast != null) {
            out.sfloat(fast.spo2()).sfloat(fast.pulseRate());
        }
        if (slow != null) {
            out.sfloat(slow.spo2()).sfloat(slow.pulseRate());
        }
        new PlxStatus.Tail(measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex).write(out);
        return out.toByteArray();
    }

    @Override
    public List<DecodedReading> readings() {
        ReadingFrame frame = new ReadingFrame(characteristic());
        PlxStatus.qualify(frame, measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex);
        if (fast != null) {
            frame.qualifier(GattQualifiers.PLX_SPO2_FAST, ReadingFrame.text(fast.spo2()))
                    .qualifier(GattQualifiers.PLX_PULSE_RATE_FAST, ReadingFrame.text(fast.pulseRate()));
        }
        if (slow != null) {
            frame.qualifier(GattQualifiers.PLX_SPO2_SLOW, ReadingFrame.text(slow.spo2()))
                    .qualifier(GattQualifiers.PLX_PULSE_RATE_SLOW, ReadingFrame.text(slow.pulseRate()));
        }
        DataAbsentReason statusAbsent = PlxStatus.absentReason(measurementStatus);
        return List.of(PlxStatus.reading(frame, VitalType.SPO2, normal.spo2(), statusAbsent),
                PlxStatus.reading(frame, VitalType.HEART_RATE, normal.pulseRate(), statusAbsent));
    }
}
