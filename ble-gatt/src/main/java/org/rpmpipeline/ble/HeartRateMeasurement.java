package org.rpmpipeline.ble;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Heart Rate Measurement 0x2A37 (DOMAIN.md 1.4): flags, heart rate (uint8 or uint16 bpm), optional energy expended
 * (uint16 kJ), optional RR intervals (uint16, 1/1024 s) filling the rest of the value.
 *
 * @param heartRate bpm; encoded as uint8 when it fits, else uint16
 * @param energyExpended cumulative kJ, or null when absent
 * @param rrIntervals raw RR intervals in 1/1024 s, empty when absent
 */
public record HeartRateMeasurement(int heartRate, SensorContact sensorContact, Integer energyExpended,
        List<Integer> rrIntervals) implements GattMeasurement {

    /** Flags bits 1-2: 0 and 1 = not supported, 2 = supported but no contact, 3 = contact detected. */
    public enum SensorContact {
        NOT_SUPPORTED(0, null), NOT_DETECTED(2, "not-detected"), DETECTED(3, "detected");

        private final int bits;
        private final String code;

        SensorContact(int bits, String code) {
            this.bits = bits;
            this.code = code;
        }

        static SensorContact of(int bits) {
            return bits == 2 ? NOT_DETECTED : bits == 3 ? DETECTED : NOT_SUPPORTED;
        }
    }

    private static final int UINT16_FORMAT = 0x01;
    private static final int ENERGY_PRESENT = 0x08;
    private static final int RR_PRESENT = 0x10;
    private static final BigDecimal RR_TICKS_PER_SECOND = BigDecimal.valueOf(1024);
    private static final BigDecimal MS_PER_SECOND = BigDecimal.valueOf(1000);

    public HeartRateMeasurement {
        Objects.requireNonNull(sensorContact, "sensorContact");
        rrIntervals = rrIntervals == null ? List.of() : List.copyOf(rrIntervals);
        Fields.range("heart rate", heartRate, 0, 0xFFFF);
        Fields.range("energy expended", energyExpended, 0, 0xFFFF);
        rrIntervals.forEach(rr -> Fields.range("rr-interval", rr, 0, 0xFFFF));
    }

    public static HeartRateMeasurement decode(byte[] value) {
        GattReader in = new GattReader(value);
        int flags = in.uint8("flags");
        int heartRate = (flags & UINT16_FORMAT) != 0 ? in.uint16("heart rate (uint16)") : in.uint8("heart rate");
        Integer energy = (flags & ENERGY_PRESENT) != 0 ? in.uint16("energy expended") : null;
        List<Integer> rr = List.of();
        if ((flags & RR_PRESENT) != 0) {
            if (in.remaining() == 0 || in.remaining() % 2 != 0) {
                throw new GattFormatException("rr-interval", "truncated: field 'rr-interval' needs a whole number"
                        + " of uint16 values (at least one), " + in.remaining() + " byte(s) left");
            }
            Integer[] intervals = new Integer[in.remaining() / 2];
            for (int i = 0; i < intervals.length; i++) {
                intervals[i] = in.uint16("rr-interval");
            }
            rr = List.of(intervals);
        }
        return new HeartRateMeasurement(heartRate, SensorContact.of(flags >> 1 & 0x03), energy, rr);
    }

    @Override
    public Characteristic characteristic() {
        return Characteristic.HEART_RATE_MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        boolean wide = heartRate > 0xFF;
        int flags = (wide ? UINT16_FORMAT : 0) | sensorContact.bits << 1 | (energyExpended != null ? ENERGY_PRESENT : 0)
                | (rrIntervals.isEmpty() ? 0 : RR_PRESENT);
        GattWriter out = new GattWriter().uint8(flags);
        if (wide) {
            out.uint16(heartRate);
        } else {
            out.uint8(heartRate);
        }
        if (energyExpended != null) {
            out.uint16(energyExpended);
        }
        rrIntervals.forEach(out::uint16);
        return out.toByteArray();
    }

    /** RR intervals in milliseconds, exact (raw x 1000 / 1024 always terminates). */
    public List<BigDecimal> rrIntervalsMillis() {
        return rrIntervals.stream()
                .map(raw -> BigDecimal.valueOf(raw).multiply(MS_PER_SECOND).divide(RR_TICKS_PER_SECOND)
                        .stripTrailingZeros())
                .map(ReadingFrame::canonical)
                .toList();
    }

    @Override
    public List<DecodedReading> readings() {
        ReadingFrame frame = new ReadingFrame(characteristic())
                .qualifier(GattQualifiers.CONTACT, sensorContact.code)
                .qualifier(GattQualifiers.ENERGY_EXPENDED_KJ, energyExpended == null ? null : energyExpended.toString())
                .qualifier(GattQualifiers.RR_INTERVALS_MS, rrIntervals.isEmpty() ? null
                        : rrIntervalsMillis().stream().map(BigDecimal::toPlainString).collect(Collectors.joining(",")));
        return List.of(frame.reading(VitalType.HEART_RATE, MedFloat.of(BigDecimal.valueOf(heartRate))));
    }
}
