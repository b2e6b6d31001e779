package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * {@link Reading#valueOf} without the {@code Optional} and stream it allocates: rules look values up several
 * times per reading, on the processor's hot path.
 */
final class ReadingValues {
    private ReadingValues() {
    }

    /** The numeric value of {@code type} in {@code reading} (its own vital or a component), or {@code null}. */
    static BigDecimal of(Reading reading, VitalType type) {
        if (reading.vital() == type) {
            return reading.value();
        }
        for (Component component : reading.components()) {
            if (component.vital() == type && component.value() != null) {
                return component.value();
            }
        }
        return null;
    }

    /** The numeric value of {@code type} in {@code reading}, which a rule's {@code appliesTo} made sure exists. */
    static BigDecimal require(Reading reading, VitalType type) {
        BigDecimal value = of(reading, type);
        if (value == null) {
            throw new IllegalArgumentException("reading carries no " + type.code() + " value");
        }
        return value;
    }
}
