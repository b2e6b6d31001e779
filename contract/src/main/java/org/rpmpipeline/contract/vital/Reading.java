package org.rpmpipeline.contract.vital;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;

/**
 * A normalized reading on {@code rpm.readings}, keyed by patient id. The value is exact (decimal, precision kept)
 * and always in the vital's canonical UCUM unit; a special value from the device is a {@link DataAbsentReason}
 * instead of a number. A panel (blood pressure) carries its values as components.
 *
 * @param readingId stable across redelivery: derived from the device, vital, measurement time and device-side id
 * @param hubId the relaying phone or hub, if known
 * @param qualifiers device status and context, e.g. {@code ble.measurementStatus -> cuff-loose}
 */
public record Reading(
        int schemaVersion,
        String readingId,
        String patientId,
        String deviceId,
        String hubId,
        VitalType vital,
        BigDecimal value,
        String unit,
        DataAbsentReason dataAbsentReason,
        List<Component> components,
        Instant measuredAt,
        Instant receivedAt,
        TimeSource timeSource,
        String correlationId,
        Map<String, String> qualifiers) {

    public Reading {
        Schema.check(schemaVersion, "Reading");
        Ids.require("readingId", readingId);
        Ids.require("patientId", patientId);
        Ids.require("deviceId", deviceId);
        Ids.optional("hubId", hubId);
        Objects.requireNonNull(vital, "vital is required");
        Objects.requireNonNull(measuredAt, "measuredAt is required");
        Objects.requireNonNull(receivedAt, "receivedAt is required");
        timeSource = timeSource == null ? TimeSource.DEVICE : timeSource;
        components = components == null ? List.of() : List.copyOf(components);
        qualifiers = qualifiers == null ? Map.of() : Map.copyOf(qualifiers);
        Quantities.check(vital, value, unit, dataAbsentReason);
        if (vital.isPanel()) {
            if (components.isEmpty()) {
                throw new IllegalArgumentException(vital.code() + " needs at least one component");
            }
            for (Component component : components) {
                if (!vital.componentTypes().contains(component.vital())) {
                    throw new IllegalArgumentException(
                            component.vital().code() + " is not a component of " + vital.code());
                }
            }
        } else if (!components.isEmpty()) {
            throw new IllegalArgumentException(vital.code() + " is not a panel and takes no components");
        }
    }

    /**
     * The reading id for a measurement: the same device, vital, measurement instant and device-side discriminator
     * (a sequence number, or the values when the device has none) always give the same id.
     */
    public static String idFor(String deviceId, VitalType vital, Instant measuredAt, String discriminator) {
        return Ids.deterministic("reading", deviceId, vital.code(), measuredAt.toString(),
                discriminator == null ? "" : discriminator);
    }

    /** The numeric value of {@code type}, whether it is this reading's own vital or one of its components. */
    public Optional<BigDecimal> valueOf(VitalType type) {
        if (vital == type) {
            return Optional.ofNullable(value);
        }
        return components.stream().filter(c -> c.vital() == type).map(Component::value)
                .filter(Objects::nonNull).findFirst();
    }
}
