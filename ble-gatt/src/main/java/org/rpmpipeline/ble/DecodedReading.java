package org.rpmpipeline.ble;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * One normalized reading decoded from a characteristic value, in the vital's canonical UCUM unit
 * ({@link VitalType#unit()}); the gateway adds identities and instants to make a contract {@code Reading}.
 *
 * @param value exact value, null for a panel or when {@code dataAbsentReason} is set
 * @param dataAbsentReason why there is no number (an IEEE-11073 special value or a device status), else null
 * @param components the components of a panel ({@code BLOOD_PRESSURE}), else empty
 * @param deviceTime the device's local wall-clock time, no zone; null when the device sent none, its date is not
 *     known, or its clock is flagged as not set
 * @param deviceClockUnset true when the device says its clock is not set, or sent a time stamp with an unknown date:
 *     use the relay's time
 * @param discriminator a device-side record id (the glucose sequence number), else null
 * @param qualifiers device status and context, keys in {@link GattQualifiers}
 */
public record DecodedReading(
        VitalType vital,
        BigDecimal value,
        DataAbsentReason dataAbsentReason,
        List<Component> components,
        LocalDateTime deviceTime,
        boolean deviceClockUnset,
        String discriminator,
        Map<String, String> qualifiers) {

    public DecodedReading {
        Objects.requireNonNull(vital, "vital");
        components = components == null ? List.of() : List.copyOf(components);
        qualifiers = qualifiers == null ? Map.of() : Map.copyOf(qualifiers);
        if (vital.isPanel()) {
            if (value != null || dataAbsentReason != null || components.isEmpty()) {
                throw new IllegalArgumentException(vital.code() + " is a panel: components only");
            }
        } else if ((value == null) == (dataAbsentReason == null) || !components.isEmpty()) {
            throw new IllegalArgumentException(vital.code() + ": exactly one of value and dataAbsentReason");
        }
    }

    /** The reading's unit: the vital's canonical UCUM unit (null for a panel). */
    public String unit() {
        return vital.unit();
    }
}
