package org.rpmpipeline.ble;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/** What the readings of one measurement share: device time, clock state, discriminator and qualifiers. */
final class ReadingFrame {
    private LocalDateTime deviceTime;
    private boolean clockUnset;
    private String discriminator;
    private final Map<String, String> qualifiers = new LinkedHashMap<>();

    ReadingFrame(Characteristic characteristic) {
        qualifiers.put(GattQualifiers.CHARACTERISTIC, characteristic.hex());
    }

    /** Takes the device time from a time stamp (null = none sent; unknown date = clock not set). */
    ReadingFrame timestamp(GattDateTime timestamp) {
        if (timestamp != null) {
            deviceTime = timestamp.toLocalDateTime().orElse(null);
            clockUnset |= deviceTime == null;
        }
        return this;
    }

    ReadingFrame deviceTime(LocalDateTime time) {
        deviceTime = time;
        return this;
    }

    /** The device flags its clock as not set: its time is kept only as an audit qualifier. */
    ReadingFrame clockNotSet(boolean notSet) {
        if (notSet) {
            clockUnset = true;
            if (deviceTime != null) {
                qualifier(GattQualifiers.UNTRUSTED_DEVICE_TIME, deviceTime.toString());
                deviceTime = null;
            }
        }
        return this;
    }

    ReadingFrame discriminator(String value) {
        discriminator = value;
        return this;
    }

    /** Adds a qualifier unless the value is null. */
    ReadingFrame qualifier(String key, String value) {
        if (value != null) {
            qualifiers.put(key, value);
        }
        return this;
    }

    DecodedReading reading(VitalType vital, MedFloat canonicalValue) {
        return new DecodedReading(vital, canonical(canonicalValue.value()), canonicalValue.absentReason(),
                List.of(), deviceTime, clockUnset, discriminator, qualifiers);
    }

    DecodedReading absent(VitalType vital, DataAbsentReason reason) {
        return new DecodedReading(vital, null, reason, List.of(), deviceTime, clockUnset, discriminator, qualifiers);
    }

    DecodedReading panel(VitalType vital, List<Component> components) {
        return new DecodedReading(vital, null, null, components, deviceTime, clockUnset, discriminator, qualifiers);
    }

    static Component component(VitalType vital, MedFloat canonicalValue) {
        return new Component(vital, canonical(canonicalValue.value()), vital.unit(), canonicalValue.absentReason());
    }

    /** A plain decimal: a negative scale (e.g. {@code 2E+1}) becomes scale 0 ({@code 20}); the value is unchanged. */
    static BigDecimal canonical(BigDecimal value) {
        return value == null || value.scale() >= 0 ? value : value.setScale(0);
    }

    /** Decimal text of a value, or the data-absent code of a special value. */
    static String text(MedFloat value) {
        return value == null ? null
                : value.isNumber() ? canonical(value.value()).toPlainString() : value.absentReason().code();
    }
}
