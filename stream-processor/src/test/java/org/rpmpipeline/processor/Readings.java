package org.rpmpipeline.processor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/** Test readings. */
public final class Readings {
    public static final String PATIENT = "pat-1";
    public static final String DEVICE = "dev-1";

    private Readings() {
    }

    public static Reading of(VitalType vital, String value, Instant at) {
        return of(PATIENT, DEVICE, vital, value, at);
    }

    public static Reading of(String patient, String device, VitalType vital, String value, Instant at) {
        return new Reading(Schema.VERSION, Reading.idFor(device, vital, at, value), patient, device, null, vital,
                new BigDecimal(value), vital.unit(), null, List.of(), at, at, null, null, null);
    }

    /** A reading measured at {@code at} but received at {@code receivedAt}. */
    public static Reading received(VitalType vital, String value, Instant at, Instant receivedAt) {
        return new Reading(Schema.VERSION, Reading.idFor(DEVICE, vital, at, value), PATIENT, DEVICE, null, vital,
                new BigDecimal(value), vital.unit(), null, List.of(), at, receivedAt, null, null, null);
    }

    public static Reading bloodPressure(String systolic, String diastolic, Instant at) {
        return new Reading(Schema.VERSION, Reading.idFor(DEVICE, VitalType.BLOOD_PRESSURE, at, systolic + "/" + diastolic),
                PATIENT, DEVICE, null, VitalType.BLOOD_PRESSURE, null, null, null,
                List.of(Component.of(VitalType.SYSTOLIC_BP, new BigDecimal(systolic)),
                        Component.of(VitalType.DIASTOLIC_BP, new BigDecimal(diastolic))),
                at, at, null, null, null);
    }

    public static Reading absent(VitalType vital, Instant at) {
        return new Reading(Schema.VERSION, Reading.idFor(DEVICE, vital, at, "nan"), PATIENT, DEVICE, null, vital,
                null, vital.unit(), DataAbsentReason.NOT_A_NUMBER, List.of(), at, at, null, null, null);
    }

    /** {@code reading} with {@code qualifiers} (device status bits), otherwise unchanged. */
    public static Reading qualified(Reading r, java.util.Map<String, String> qualifiers) {
        return new Reading(r.schemaVersion(), r.readingId(), r.patientId(), r.deviceId(), r.hubId(), r.vital(),
                r.value(), r.unit(), r.dataAbsentReason(), r.components(), r.measuredAt(), r.receivedAt(),
                r.timeSource(), r.correlationId(), qualifiers);
    }
}
