package org.rpmpipeline.contract.vital;

import java.math.BigDecimal;
import java.util.Objects;

/** One value of a panel reading, e.g. the systolic pressure of a blood-pressure panel. */
public record Component(VitalType vital, BigDecimal value, String unit, DataAbsentReason dataAbsentReason) {
    public Component {
        Objects.requireNonNull(vital, "component vital is required");
        Quantities.check(vital, value, unit, dataAbsentReason);
    }

    public static Component of(VitalType vital, BigDecimal value) {
        return new Component(vital, value, vital.unit(), null);
    }
}
