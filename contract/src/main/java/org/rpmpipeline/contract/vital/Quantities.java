package org.rpmpipeline.contract.vital;

import java.math.BigDecimal;

/**
 * The value/unit/absent-reason invariant shared by readings and their components; a coded vital (consciousness)
 * must carry one of its codes.
 */
final class Quantities {
    private Quantities() {
    }

    static void check(VitalType vital, BigDecimal value, String unit, DataAbsentReason absent) {
        if (vital.isPanel()) {
            if (value != null || unit != null || absent != null) {
                throw new IllegalArgumentException(vital.code() + " is a panel: it carries components, not a value");
            }
            return;
        }
        if ((value == null) == (absent == null)) {
            throw new IllegalArgumentException(vital.code() + ": exactly one of value and dataAbsentReason is required");
        }
        if (!vital.unit().equals(unit)) {
            throw new IllegalArgumentException(
                    vital.code() + ": unit must be \"" + vital.unit() + "\" (UCUM), was \"" + unit + "\"");
        }
        if (vital == VitalType.CONSCIOUSNESS && value != null && Acvpu.of(value).isEmpty()) {
            throw new IllegalArgumentException(vital.code() + ": value must be an ACVPU level " + Acvpu.legend()
                    + ", was " + value.toPlainString());
        }
    }
}
