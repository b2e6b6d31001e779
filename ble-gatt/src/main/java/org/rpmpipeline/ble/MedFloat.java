package org.rpmpipeline.ble;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import org.rpmpipeline.contract.vital.DataAbsentReason;

/**
 * An IEEE-11073 medical float as BLE health characteristics carry it: SFLOAT (16 bits: 4-bit exponent, 12-bit
 * mantissa) or FLOAT (32 bits: 8-bit exponent, 24-bit mantissa), value = mantissa x 10^exponent, both two's
 * complement. Either an exact decimal whose scale is the device's precision ({@code 0xF014 -> 2.0}) or one of the
 * special values, which carry no number. See DOMAIN.md 1.2.
 *
 * @param value the exact value, or null for a special value
 * @param special the special value, or null for a number
 */
public record MedFloat(BigDecimal value, Special special) {

    /** The reserved raw words (all with exponent 0) and the data-absent reason each maps to. */
    public enum Special {
        NAN(0x07FF, 0x007F_FFFF, DataAbsentReason.NOT_A_NUMBER),
        NRES(0x0800, 0x0080_0000, DataAbsentReason.ERROR),
        POSITIVE_INFINITY(0x07FE, 0x007F_FFFE, DataAbsentReason.POSITIVE_INFINITY),
        NEGATIVE_INFINITY(0x0802, 0x0080_0002, DataAbsentReason.NEGATIVE_INFINITY),
        RESERVED(0x0801, 0x0080_0001, DataAbsentReason.ERROR);

        private final int sfloat;
        private final int float32;
        private final DataAbsentReason absentReason;

        Special(int sfloat, int float32, DataAbsentReason absentReason) {
            this.sfloat = sfloat;
            this.float32 = float32;
            this.absentReason = absentReason;
        }

        public int sfloatRaw() {
            return sfloat;
        }

        public int floatRaw() {
            return float32;
        }

        public DataAbsentReason absentReason() {
            return absentReason;
        }
    }

    private static final Format SFLOAT = new Format("SFLOAT", 12, 4);
    private static final Format FLOAT = new Format("FLOAT", 24, 8);

    public MedFloat {
        if ((value == null) == (special == null)) {
            throw new IllegalArgumentException("exactly one of value and special is required");
        }
    }

    public static MedFloat of(BigDecimal value) {
        return new MedFloat(Objects.requireNonNull(value, "value"), null);
    }

    /** Parses a decimal literal; its scale is the precision, so {@code "2.0"} and {@code "2"} differ. */
    public static MedFloat of(String value) {
        return of(new BigDecimal(value));
    }

    public static MedFloat of(Special special) {
        return new MedFloat(null, Objects.requireNonNull(special, "special"));
    }

    /** mantissa x 10^exponent, exactly. */
    public static MedFloat of(long mantissa, int exponent) {
        return of(BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent));
    }

    public boolean isNumber() {
        return value != null;
    }

    /** The data-absent reason for a special value, null for a number. */
    public DataAbsentReason absentReason() {
        return special == null ? null : special.absentReason();
    }

    /** Decodes a raw 16-bit SFLOAT word (as read little-endian from the wire). */
    public static MedFloat fromSfloat(int raw) {
        return SFLOAT.decode(raw & 0xFFFF);
    }

    /** Decodes a raw 32-bit FLOAT word (as read little-endian from the wire). */
    public static MedFloat fromFloat(int raw) {
        return FLOAT.decode(raw);
    }

    /**
     * The raw SFLOAT word. The value's own scale is kept when it fits; otherwise trailing zeros of the mantissa are
     * traded for exponent (lossless). Throws {@link IllegalArgumentException} when no exact encoding exists.
     */
    public int toSfloat() {
        return SFLOAT.encode(this);
    }

    /** The raw FLOAT word; same rules as {@link #toSfloat()}. */
    public int toFloat() {
        return FLOAT.encode(this);
    }

    /**
     * The value rounded half-up to the most decimal places an SFLOAT can carry ({@code 99.99 -> 100.0}), for
     * encoders whose values come from arithmetic; throws {@link IllegalArgumentException} when it is too large.
     */
    public static MedFloat nearestSfloat(BigDecimal value) {
        return SFLOAT.nearest(value);
    }

    /** As {@link #nearestSfloat(BigDecimal)}, for a FLOAT. */
    public static MedFloat nearestFloat(BigDecimal value) {
        return FLOAT.nearest(value);
    }

    @Override
    public String toString() {
        return special == null ? value.toString() : special.name();
    }

    private record Format(String name, int mantissaBits, int exponentBits) {
        long minMantissa() {
            return -(1L << (mantissaBits - 1));
        }

        long maxMantissa() {
            return (1L << (mantissaBits - 1)) - 1;
        }

        int minExponent() {
            return -(1 << (exponentBits - 1));
        }

        int maxExponent() {
            return (1 << (exponentBits - 1)) - 1;
        }

        int raw(Special special) {
            return this == SFLOAT ? special.sfloat : special.float32;
        }

        MedFloat decode(int raw) {
            for (Special special : Special.values()) {
                if (raw(special) == raw) {
                    return of(special);
                }
            }
            long mantissaMask = (1L << mantissaBits) - 1;
            long mantissa = raw & mantissaMask;
            if (mantissa > maxMantissa()) {
                mantissa -= 1L << mantissaBits;
            }
            int exponent = (int) ((raw & 0xFFFF_FFFFL) >>> mantissaBits);
            if (exponent > maxExponent()) {
                exponent -= 1 << exponentBits;
            }
            return MedFloat.of(mantissa, exponent);
        }

        int encode(MedFloat medFloat) {
            if (medFloat.special != null) {
                return raw(medFloat.special);
            }
            Integer raw = rawOrNull(medFloat.value);
            if (raw == null) {
                throw new IllegalArgumentException(describeMisfit(medFloat.value));
            }
            return raw;
        }

        /** The value rounded half-up (once, from the original) to the most decimals that still encode. */
        MedFloat nearest(BigDecimal value) {
            int maxDigits = Long.toString(maxMantissa()).length();
            int scale = Math.min(value.scale(), -minExponent());
            if (value.precision() > maxDigits) {
                scale = Math.min(scale, value.scale() - (value.precision() - maxDigits));
            }
            while (true) {
                BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
                if (rawOrNull(rounded) != null) {
                    return MedFloat.of(rounded);
                }
                if (-scale >= maxExponent()) {
                    throw new IllegalArgumentException(describeMisfit(value));
                }
                scale--;
            }
        }

        private Integer rawOrNull(BigDecimal value) {
            BigInteger mantissa = value.unscaledValue();
            long exponent = -(long) value.scale();
            if (mantissa.signum() == 0) {
                exponent = Math.max(minExponent(), Math.min(maxExponent(), exponent));
            }
            while ((!fits(mantissa) || exponent < minExponent())
                    && mantissa.remainder(BigInteger.TEN).signum() == 0 && mantissa.signum() != 0) {
                mantissa = mantissa.divide(BigInteger.TEN);
                exponent++;
            }
            while (exponent > maxExponent() && fits(mantissa.multiply(BigInteger.TEN))) {
                mantissa = mantissa.multiply(BigInteger.TEN);
                exponent--;
            }
            if (!fits(mantissa) || exponent < minExponent() || exponent > maxExponent()) {
                return null;
            }
            long mantissaMask = (1L << mantissaBits) - 1;
            int raw = (int) ((exponent << mantissaBits) | (mantissa.longValueExact() & mantissaMask));
            if (this == SFLOAT) {
                raw &= 0xFFFF;
            }
            for (Special special : Special.values()) {
                if (raw(special) == raw) {
                    return null;
                }
            }
            return raw;
        }

        private String describeMisfit(BigDecimal value) {
            return value.toPlainString() + " does not fit in " + name + " (mantissa " + value.unscaledValue()
                    + " x 10^" + -value.scale() + "; mantissa range [" + minMantissa() + ", "
                    + maxMantissa() + "] except the reserved words at exponent 0, exponent range [" + minExponent()
                    + ", " + maxExponent() + "])";
        }

        private boolean fits(BigInteger mantissa) {
            return mantissa.bitLength() < mantissaBits;
        }
    }
}
