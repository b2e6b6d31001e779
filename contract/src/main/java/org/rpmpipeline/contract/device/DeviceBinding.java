package org.rpmpipeline.contract.device;

import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;

/**
 * A device bound to a patient, on the compacted topic {@code rpm.devices} keyed by device id. A reading is
 * accepted for the patient only if it was measured within {@code [validFrom, validTo)}; a recycled device gets a
 * new binding and its old readings are not attributed to the new patient.
 *
 * @param validFrom start of the binding, inclusive; {@code null} means since ever
 * @param validTo end of the binding, exclusive; {@code null} means open-ended
 * @param kind free text describing the device, e.g. {@code pulse-oximeter}
 */
public record DeviceBinding(
        int schemaVersion,
        String deviceId,
        String patientId,
        Instant validFrom,
        Instant validTo,
        String kind) {

    public DeviceBinding {
        Schema.check(schemaVersion, "DeviceBinding");
        Ids.require("deviceId", deviceId);
        Ids.require("patientId", patientId);
        if (validFrom != null && validTo != null && !validTo.isAfter(validFrom)) {
            throw new IllegalArgumentException("validTo must be after validFrom for device " + deviceId);
        }
    }

    public static DeviceBinding of(String deviceId, String patientId) {
        return new DeviceBinding(Schema.VERSION, deviceId, patientId, null, null, null);
    }

    /** True if a reading measured at {@code instant} belongs to this binding's patient. */
    public boolean covers(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return (validFrom == null || !instant.isBefore(validFrom)) && (validTo == null || instant.isBefore(validTo));
    }
}
