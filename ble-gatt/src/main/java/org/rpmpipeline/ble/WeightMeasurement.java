package org.rpmpipeline.ble;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Weight Measurement 0x2A9D (DOMAIN.md 1.7): flags, weight (uint16), optional time stamp, user id (uint8, 255 =
 * unknown), BMI and height (uint16 each, present together). Fields are kept raw; the fixed SIG resolutions apply
 * (weight 0.005 kg or 0.01 lb, BMI 0.1 kg/m2, height 0.001 m or 0.1 in), never the Weight Scale Feature resolution.
 * A raw weight of 0xFFFF means "measurement unsuccessful".
 */
public record WeightMeasurement(WeightUnits units, int weight, GattDateTime timestamp, Integer userId, Integer bmi,
        Integer height) implements GattMeasurement {

    /** SI: kg and m; IMPERIAL: lb and in. */
    public enum WeightUnits { SI, IMPERIAL }

    public static final int MEASUREMENT_UNSUCCESSFUL = 0xFFFF;
    public static final int UNKNOWN_USER = 255;
    static final BigDecimal KG_RESOLUTION = new BigDecimal("0.005");
    static final BigDecimal LB_RESOLUTION = new BigDecimal("0.01");
    static final BigDecimal BMI_RESOLUTION = new BigDecimal("0.1");
    static final BigDecimal INCH_RESOLUTION = new BigDecimal("0.1");

    private static final int IMPERIAL = 0x01;
    private static final int TIMESTAMP_PRESENT = 0x02;
    private static final int USER_PRESENT = 0x04;
    private static final int BMI_HEIGHT_PRESENT = 0x08;

    public WeightMeasurement {
        Objects.requireNonNull(units, "units");
        Fields.range("weight", weight, 0, 0xFFFF);
        Fields.range("user id", userId, 0, 0xFF);
        Fields.range("bmi", bmi, 0, 0xFFFF);
        Fields.range("height", height, 0, 0xFFFF);
        Fields.together("bmi and height", bmi, height);
    }

    public static WeightMeasurement decode(byte[] value) {
        GattReader in = new GattReader(value);
        int flags = in.uint8("flags");
        int weight = in.uint16("weight");
        GattDateTime timestamp = (flags & TIMESTAMP_PRESENT) != 0 ? in.dateTime("time stamp") : null;
        Integer user = (flags & USER_PRESENT) != 0 ? in.uint8("user id") : null;
        Integer bmi = null;
        Integer height = null;
        if ((flags & BMI_HEIGHT_PRESENT) != 0) {
            bmi = in.uint16("bmi");
            height = in.uint16("height");
        }
        return new WeightMeasurement((flags & IMPERIAL) != 0 ? WeightUnits.IMPERIAL : WeightUnits.SI, weight,
                timestamp, user, bmi, height);
    }

    /**
     * The raw weight field for a weight in the device's unit (kg for SI, lb for imperial); throws
     * {@link IllegalArgumentException} unless it is an exact multiple of the resolution in range.
     */
    public static int rawWeight(BigDecimal weight, WeightUnits units) {
        return raw("weight", weight, units == WeightUnits.SI ? KG_RESOLUTION : LB_RESOLUTION);
    }

    /** The raw BMI field for a BMI in kg/m2 (resolution 0.1). */
    public static int rawBmi(BigDecimal bmi) {
        return raw("bmi", bmi, BMI_RESOLUTION);
    }

    /** The raw height field for a height in m (SI, resolution 0.001) or in (imperial, resolution 0.1). */
    public static int rawHeight(BigDecimal height, WeightUnits units) {
        return raw("height", height, units == WeightUnits.SI ? new BigDecimal("0.001") : INCH_RESOLUTION);
    }

    private static int raw(String field, BigDecimal value, BigDecimal resolution) {
        BigDecimal[] quotient = value.divideAndRemainder(resolution);
        boolean inRange = quotient[0].signum() >= 0 && quotient[0].compareTo(BigDecimal.valueOf(0xFFFF)) < 0;
        if (quotient[1].signum() != 0 || !inRange) {
            throw new IllegalArgumentException(field + " " + value.toPlainString() + " is not a multiple of "
                    + resolution.toPlainString() + " in range");
        }
        return quotient[0].intValueExact();
    }

    @Override
    public Characteristic characteristic() {
        return Characteristic.WEIGHT_MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        int flags = (units == WeightUnits.IMPERIAL ? IMPERIAL : 0) | (timestamp != null ? TIMESTAMP_PRESENT : 0)
                | (userId != null ? USER_PRESENT : 0) | (bmi != null ? BMI_HEIGHT_PRESENT : 0);
        GattWriter out = new GattWriter().uint8(flags).uint16(weight);
        if (timestamp != null) {
            out.dateTime(timestamp);
        }
        if (userId != null) {
            out.uint8(userId);
        }
        if (bmi != null) {
            out.uint16(bmi).uint16(height);
        }
        return out.toByteArray();
    }

    /** Weight in kg: exact for SI (scale 3), lb x 0.45359237 rounded half-up to 3 decimals for imperial. */
    public BigDecimal weightKilograms() {
        if (units == WeightUnits.SI) {
            return KG_RESOLUTION.multiply(BigDecimal.valueOf(weight));
        }
        return Conversions.poundsToKilograms(LB_RESOLUTION.multiply(BigDecimal.valueOf(weight)));
    }

    /** BMI in kg/m2 (scale 1), or null when absent. */
    public BigDecimal bmiValue() {
        return bmi == null ? null : BMI_RESOLUTION.multiply(BigDecimal.valueOf(bmi));
    }

    /** Height in cm (scale 1: exact for SI, in x 2.54 rounded half-up for imperial), or null when absent. */
    public BigDecimal heightCentimetres() {
        if (height == null) {
            return null;
        }
        if (units == WeightUnits.SI) {
            return BigDecimal.valueOf(height, 1);
        }
        return Conversions.inchesToCentimetres(INCH_RESOLUTION.multiply(BigDecimal.valueOf(height)));
    }

    @Override
    public List<DecodedReading> readings() {
        ReadingFrame frame = new ReadingFrame(characteristic()).timestamp(timestamp)
                .qualifier(GattQualifiers.USER, userId == null || userId == UNKNOWN_USER ? null : userId.toString());
        List<DecodedReading> readings = new ArrayList<>();
        readings.add(weight == MEASUREMENT_UNSUCCESSFUL
                ? frame.absent(VitalType.BODY_WEIGHT, DataAbsentReason.ERROR)
                : frame.reading(VitalType.BODY_WEIGHT, MedFloat.of(weightKilograms())));
        if (bmi != null) {
            readings.add(frame.reading(VitalType.BMI, MedFloat.of(bmiValue())));
            readings.add(frame.reading(VitalType.BODY_HEIGHT, MedFloat.of(heightCentimetres())));
        }
        return List.copyOf(readings);
    }
}
