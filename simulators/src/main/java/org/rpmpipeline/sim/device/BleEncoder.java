package org.rpmpipeline.sim.device;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.rpmpipeline.ble.BloodPressureMeasurement;
import org.rpmpipeline.ble.GattDateTime;
import org.rpmpipeline.ble.GattMeasurement;
import org.rpmpipeline.ble.GlucoseMeasurement;
import org.rpmpipeline.ble.HeartRateMeasurement;
import org.rpmpipeline.ble.MedFloat;
import org.rpmpipeline.ble.PlxContinuousMeasurement;
import org.rpmpipeline.ble.PlxSpotCheckMeasurement;
import org.rpmpipeline.ble.TemperatureMeasurement;
import org.rpmpipeline.ble.WeightMeasurement;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Turns a measurement into the Bluetooth SIG GATT characteristic value its device kind sends, using the same
 * records the gateway decodes with ({@code org.rpmpipeline.ble}). Device times are written as UTC wall-clock time
 * (the hub sends {@code tzOffset +00:00}); a device whose clock is unset says so the way its characteristic allows
 * (PLX flag, no time stamp, or a Date Time with an unknown date).
 */
public final class BleEncoder {
    /** The hub's zone the device clocks are set to. */
    public static final ZoneOffset DEVICE_ZONE = ZoneOffset.UTC;
    /** The {@code tzOffset} user property matching {@link #DEVICE_ZONE}. */
    public static final String TZ_OFFSET = "+00:00";

    private static final BigDecimal WEIGHT_RESOLUTION_KG = new BigDecimal("0.005");

    private BleEncoder() {
    }

    /**
     * The characteristic value of {@code m}.
     *
     * @param measuredAt the measurement time, or {@code null} when the device clock is not set
     */
    public static GattMeasurement measurement(Measurement m, Instant measuredAt) {
        GattDateTime time = measuredAt == null ? null
                : GattDateTime.of(LocalDateTime.ofInstant(measuredAt, DEVICE_ZONE).withNano(0));
        switch (m.kind()) {
            case PULSE_OXIMETER:
                return new PlxSpotCheckMeasurement(sfloat(m, VitalType.SPO2), sfloat(m, VitalType.HEART_RATE), time,
                        null, null, null, measuredAt == null);
            case CONTINUOUS_OXIMETER:
                return new PlxContinuousMeasurement(new PlxContinuousMeasurement.Spo2PulseRate(
                        sfloat(m, VitalType.SPO2), sfloat(m, VitalType.HEART_RATE)), null, null, null, null, null);
            case HEART_RATE_MONITOR:
                int hr = value(m, VitalType.HEART_RATE).setScale(0, RoundingMode.HALF_UP).intValueExact();
                return new HeartRateMeasurement(hr, HeartRateMeasurement.SensorContact.DETECTED, null,
                        rrIntervals(hr, m.sequence()));
            case BLOOD_PRESSURE_CUFF:
                return new BloodPressureMeasurement(BloodPressureMeasurement.PressureUnit.MMHG,
                        sfloat(m, VitalType.SYSTOLIC_BP), sfloat(m, VitalType.DIASTOLIC_BP),
                        sfloat(m, VitalType.MEAN_BP), time, null, null, null);
            case THERMOMETER:
                return new TemperatureMeasurement(TemperatureMeasurement.TemperatureUnit.CELSIUS,
                        MedFloat.of(value(m, VitalType.BODY_TEMPERATURE)), time, null);
            case WEIGHT_SCALE:
                int raw = value(m, VitalType.BODY_WEIGHT).divide(WEIGHT_RESOLUTION_KG, 0, RoundingMode.HALF_UP)
                        .intValueExact();
                return new WeightMeasurement(WeightMeasurement.WeightUnits.SI, raw, time, null, null, null);
            case GLUCOMETER:
                // mg/dL to kg/L: 1 mg/dL = 1e-5 kg/L, so the mantissa stays the value and the exponent carries it.
                BigDecimal mgdl = value(m, VitalType.GLUCOSE);
                GattDateTime base = time != null ? time : new GattDateTime(0, 0, 0, 0, 0, 0);
                return new GlucoseMeasurement((int) (m.sequence() & 0xFFFF), base, null,
                        GlucoseMeasurement.ConcentrationUnit.KG_PER_L,
                        MedFloat.of(mgdl.unscaledValue().longValueExact(), -5 - mgdl.scale()), 1, 1, null, false);
            default:
                throw new IllegalStateException("unhandled kind " + m.kind());
        }
    }

    /** The characteristic value bytes of {@code m}. */
    public static byte[] encode(Measurement m, Instant measuredAt) {
        return measurement(m, measuredAt).encode();
    }

    /** The 16-bit UUID of the characteristic {@code kind} sends. */
    public static int uuid16(DeviceKind kind) {
        switch (kind) {
            case PULSE_OXIMETER:
                return 0x2A5E;
            case CONTINUOUS_OXIMETER:
                return 0x2A5F;
            case HEART_RATE_MONITOR:
                return 0x2A37;
            case BLOOD_PRESSURE_CUFF:
                return 0x2A35;
            case THERMOMETER:
                return 0x2A1C;
            case WEIGHT_SCALE:
                return 0x2A9D;
            case GLUCOMETER:
                return 0x2A18;
            default:
                throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    /**
     * Two beat-to-beat intervals in 1/1024 s around 60/hr seconds, varying a little with the record number (heart
     * rate variability).
     */
    static List<Integer> rrIntervals(int heartRate, long sequence) {
        int base = Math.round(60f * 1024 / Math.max(20, heartRate));
        int wobble = (int) (sequence % 7) - 3;
        List<Integer> out = new ArrayList<>(2);
        out.add(Math.max(1, base + wobble * 4));
        out.add(Math.max(1, base - wobble * 4));
        return out;
    }

    private static BigDecimal value(Measurement m, VitalType vital) {
        return m.valueOf(vital).orElseThrow(() -> new IllegalArgumentException(
                m.kind().code() + " measurement has no " + vital.code()));
    }

    private static MedFloat sfloat(Measurement m, VitalType vital) {
        return MedFloat.of(value(m, vital));
    }
}
