package org.rpmpipeline.alerts.fhir;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

/** Test readings, one per vital, with fixed instants so mapped resources are golden-comparable. */
public final class Readings {
    public static final Instant MEASURED = Instant.parse("2026-03-15T08:30:00Z");
    public static final Instant RECEIVED = Instant.parse("2026-03-15T08:30:02.250Z");

    private Readings() {
    }

    public static Reading of(VitalType vital, String value) {
        return reading(vital, new BigDecimal(value), null, List.of());
    }

    public static Reading absent(VitalType vital, DataAbsentReason reason) {
        return reading(vital, null, reason, List.of());
    }

    public static Reading bloodPressure(String systolic, String diastolic) {
        return reading(VitalType.BLOOD_PRESSURE, null, null, List.of(
                Component.of(VitalType.SYSTOLIC_BP, new BigDecimal(systolic)),
                Component.of(VitalType.DIASTOLIC_BP, new BigDecimal(diastolic))));
    }

    public static Reading bloodPressure(String systolic, String diastolic, String mean) {
        return reading(VitalType.BLOOD_PRESSURE, null, null, List.of(
                Component.of(VitalType.SYSTOLIC_BP, new BigDecimal(systolic)),
                Component.of(VitalType.DIASTOLIC_BP, new BigDecimal(diastolic)),
                Component.of(VitalType.MEAN_BP, new BigDecimal(mean))));
    }

    public static Reading reading(VitalType vital, BigDecimal value, DataAbsentReason absent,
            List<Component> components) {
        String deviceId = "dev-" + vital.code();
        return new Reading(Schema.VERSION, Reading.idFor(deviceId, vital, MEASURED, null), "pat-9", deviceId,
                "hub-7", vital, value, vital.isPanel() ? null : vital.unit(), absent, components, MEASURED,
                RECEIVED, TimeSource.DEVICE, "corr-1", null);
    }
}
