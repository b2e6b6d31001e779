package org.rpmpipeline.ble;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.UnaryOperator;

/**
 * Exact decimal unit conversions to the canonical UCUM units, documented in the module README. Special values pass
 * through unchanged. Inexact results keep the device's decimal places (at least 0), rounded half-up.
 */
final class Conversions {
    /** 1 mmHg = 0.133322387415 kPa (DOMAIN.md 1.5). */
    static final BigDecimal KPA_PER_MMHG = new BigDecimal("0.133322387415");
    /** 1 lb = 0.45359237 kg exactly (UCUM [lb_av]). */
    static final BigDecimal KG_PER_LB = new BigDecimal("0.45359237");
    /** 1 in = 2.54 cm exactly (UCUM [in_i]). */
    static final BigDecimal CM_PER_INCH = new BigDecimal("2.54");
    private static final BigDecimal NINE = BigDecimal.valueOf(9);
    private static final BigDecimal FIVE = BigDecimal.valueOf(5);
    private static final BigDecimal THIRTY_TWO = BigDecimal.valueOf(32);

    private Conversions() {
    }

    static MedFloat kpaToMmHg(MedFloat kpa) {
        return map(kpa, v -> v.divide(KPA_PER_MMHG, places(v), RoundingMode.HALF_UP));
    }

    static MedFloat fahrenheitToCelsius(MedFloat fahrenheit) {
        return map(fahrenheit, v -> v.subtract(THIRTY_TWO).multiply(FIVE).divide(NINE, places(v),
                RoundingMode.HALF_UP));
    }

    /** kg/L x 100 000 = mg/dL, exact. */
    static MedFloat kgPerLitreToMgPerDl(MedFloat kgPerLitre) {
        return map(kgPerLitre, v -> v.scaleByPowerOfTen(5));
    }

    /** mol/L x 1000 = mmol/L, exact. */
    static MedFloat molPerLitreToMmolPerLitre(MedFloat molPerLitre) {
        return map(molPerLitre, v -> v.scaleByPowerOfTen(3));
    }

    /** Pounds to kilograms at the SI weight resolution's 3 decimals (0.01 lb = 0.0045 kg). */
    static BigDecimal poundsToKilograms(BigDecimal pounds) {
        return pounds.multiply(KG_PER_LB).setScale(3, RoundingMode.HALF_UP);
    }

    /** Inches to centimetres at 1 decimal (0.1 in = 0.254 cm). */
    static BigDecimal inchesToCentimetres(BigDecimal inches) {
        return inches.multiply(CM_PER_INCH).setScale(1, RoundingMode.HALF_UP);
    }

    private static int places(BigDecimal value) {
        return Math.max(0, value.scale());
    }

    private static MedFloat map(MedFloat value, UnaryOperator<BigDecimal> conversion) {
        return value.isNumber() ? MedFloat.of(conversion.apply(value.value())) : value;
    }
}
