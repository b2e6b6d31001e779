package org.rpmpipeline.contract.vital;

import java.math.BigDecimal;

/** The value/unit/absent-reason invariant shared by readings and their components. */
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
    }
}
