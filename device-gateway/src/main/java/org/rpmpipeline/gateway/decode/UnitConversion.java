package org.rpmpipeline.gateway.decode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The few non-canonical UCUM units a JSON device may send and their exact conversion to the vital's canonical
 * unit. Results are decimals rounded half-even to a scale derived from the input's own precision, never binary
 * floating point. The arithmetic costs as much as the value has digits, so callers convert only values whose
 * digits and plausibility they have checked ({@link Decimals#withinDigits}, {@link PlausibilityBounds#checkAsSent}).
 */
public final class UnitConversion {
    /** 1 [lb_av] = 0.45359237 kg exactly (international avoirdupois pound). */
    private static final BigDecimal KG_PER_LB = new BigDecimal("0.45359237");
    /** 1 mm[Hg] = 133.322387415 Pa (UCUM definition), so 1 kPa = 1000 / 133.322387415 mm[Hg]. */
    private static final BigDecimal PA_PER_MMHG = new BigDecimal("133.322387415");
    private static final BigDecimal THIRTY_TWO = BigDecimal.valueOf(32);
    private static final BigDecimal FIVE = BigDecimal.valueOf(5);
    private static final BigDecimal NINE = BigDecimal.valueOf(9);

    private UnitConversion() {
    }

    /** True if {@code unit} is {@code vital}'s canonical unit or one this class converts to it. */
    public static boolean supports(VitalType vital, String unit) {
        if (unit.equals(vital.unit())) {
            return true;
        }
        return switch (vital) {
            case BODY_TEMPERATURE -> unit.equals("[degF]");
            case BODY_WEIGHT -> unit.equals("[lb_av]");
            case SYSTOLIC_BP, DIASTOLIC_BP, MEAN_BP -> unit.equals("kPa");
            default -> false;
        };
    }

    /**
     * {@code canonical} (a configured bound, not a device value) expressed in {@code unit}, rounded with
     * {@code rounding} where the conversion does not terminate: {@code FLOOR} for a lower bound and
     * {@code CEILING} for an upper one keep the range at least as wide as the canonical one.
     */
    public static Optional<BigDecimal> fromCanonical(VitalType vital, BigDecimal canonical, String unit,
            RoundingMode rounding) {
        if (unit.equals(vital.unit())) {
            return Optional.of(canonical);
        }
        if (!supports(vital, unit)) {
            return Optional.empty();
        }
        return Optional.of(switch (vital) {
            // F = C * 9/5 + 32, exact
            case BODY_TEMPERATURE -> canonical.multiply(NINE).divide(FIVE).add(THIRTY_TWO);
            case BODY_WEIGHT -> canonical.divide(KG_PER_LB, 6, rounding);
            // kPa = mm[Hg] * 133.322387415 / 1000, exact
            default -> canonical.multiply(PA_PER_MMHG).movePointLeft(3);
        });
    }

    /** {@code value} in {@code unit} converted to {@code vital}'s canonical unit, if the pair is known. */
    public static Optional<BigDecimal> toCanonical(VitalType vital, BigDecimal value, String unit) {
        if (unit.equals(vital.unit())) {
            return Optional.of(value);
        }
        int scale = Math.max(value.scale(), 0);
        switch (vital) {
            case BODY_TEMPERATURE -> {
                if (unit.equals("[degF]")) {
                    // one more decimal than sent: 0.1 degF is about 0.056 Cel
                    return Optional.of(value.subtract(THIRTY_TWO).multiply(FIVE)
                            .divide(NINE, scale + 1, RoundingMode.HALF_EVEN));
                }
            }
            case BODY_WEIGHT -> {
                if (unit.equals("[lb_av]")) {
                    // two more decimals than sent, so 0.01 lb (about 0.0045 kg) survives
                    return Optional.of(value.multiply(KG_PER_LB).setScale(scale + 2, RoundingMode.HALF_EVEN));
                }
            }
            case SYSTOLIC_BP, DIASTOLIC_BP, MEAN_BP -> {
                if (unit.equals("kPa")) {
                    // 0.1 kPa is 0.75 mm[Hg]: keep the same number of decimals as sent, at least one
                    return Optional.of(value.multiply(BigDecimal.valueOf(1000))
                            .divide(PA_PER_MMHG, Math.max(scale, 1), RoundingMode.HALF_EVEN));
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
