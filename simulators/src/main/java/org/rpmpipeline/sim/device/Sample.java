package org.rpmpipeline.sim.device;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * One vital of a measurement in its canonical UCUM unit: a value, or for a panel (blood pressure) its components.
 */
public record Sample(VitalType vital, BigDecimal value, List<Component> components) {

    public Sample {
        Objects.requireNonNull(vital, "vital");
        components = components == null ? List.of() : List.copyOf(components);
        if (vital.isPanel() == (value != null) || vital.isPanel() == components.isEmpty()) {
            throw new IllegalArgumentException(vital.code() + ": a panel has components, any other vital a value");
        }
    }

    public static Sample of(VitalType vital, BigDecimal value) {
        return new Sample(vital, value, List.of());
    }

    public static Sample panel(VitalType vital, List<Component> components) {
        return new Sample(vital, null, components);
    }

    /** The value of {@code type}: this sample's own value, or one of its components. */
    public Optional<BigDecimal> valueOf(VitalType type) {
        if (vital == type) {
            return Optional.ofNullable(value);
        }
        return components.stream().filter(c -> c.vital() == type).map(Component::value)
                .filter(Objects::nonNull).findFirst();
    }
}
