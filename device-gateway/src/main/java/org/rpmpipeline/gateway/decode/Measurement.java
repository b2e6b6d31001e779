package org.rpmpipeline.gateway.decode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * A decoded, unit-normalized measurement that is not yet bound to a patient.
 *
 * @param measuredAt the device's time, or {@code null} when the device sent none
 * @param deviceClockUnset true when the device said its clock is not set (its time, if any, is not used)
 * @param discriminator what makes the reading id unique besides device, vital and time: a device-side id, or
 *        the values when the device has none
 * @param label where the measurement sits in its message, e.g. {@code item[3]} of a batch, or {@code null}
 */
public record Measurement(
        VitalType vital,
        BigDecimal value,
        DataAbsentReason dataAbsentReason,
        List<Component> components,
        Instant measuredAt,
        boolean deviceClockUnset,
        String discriminator,
        Map<String, String> qualifiers,
        String label) {

    public Measurement {
        Objects.requireNonNull(vital, "vital");
        components = components == null ? List.of() : List.copyOf(components);
        qualifiers = qualifiers == null ? Map.of() : Map.copyOf(qualifiers);
    }
}
