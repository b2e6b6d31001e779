package org.rpmpipeline.gateway.decode;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Decimals a device controls. A short JSON number can still have an absurd magnitude ({@code 1E+2147483647} is
 * 13 characters): arithmetic on it, or printing it in full, costs gigabytes or throws. So the magnitude is checked
 * from the scale and precision alone (no arithmetic) before anything else touches the value, and values are
 * printed in scientific notation once they are long.
 */
public final class Decimals {
    private static final int PLAIN_DIGITS = 24;
    private static final MathContext SHORT = new MathContext(8);

    private Decimals() {
    }

    /** Digits before the decimal point ({@code 1} for {@code 7.5}; {@code 0} or less for {@code 0.05}). */
    public static long integerDigits(BigDecimal value) {
        return (long) value.precision() - value.scale();
    }

    /**
     * True if {@code value} has at most {@code maxDigits} digits before the decimal point and at most
     * {@code maxDigits} after it, as written. Costs nothing whatever the magnitude.
     */
    public static boolean withinDigits(BigDecimal value, int maxDigits) {
        return integerDigits(value) <= maxDigits && value.scale() <= maxDigits;
    }

    /**
     * The value for a detail: as written when short, else in scientific notation with eight significant digits
     * ({@code 1E+2000000}). Never long and never expensive.
     */
    public static String describe(BigDecimal value) {
        long integerDigits = integerDigits(value);
        if (value.precision() <= PLAIN_DIGITS && integerDigits <= PLAIN_DIGITS && value.scale() <= PLAIN_DIGITS) {
            return value.toPlainString();
        }
        return value.round(SHORT).toString();
    }
}
