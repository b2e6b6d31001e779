package org.rpmpipeline.alerts.fhir;

import java.time.Instant;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The deterministic identity of an Observation: the same device, vital and measurement instant always give the
 * same identifier and resource id, so a replayed reading updates its Observation instead of duplicating it.
 *
 * @param system the identifier system
 * @param value {@code {deviceId}.{vital}.{measuredAt}}, e.g. {@code ox-1.spo2.2026-03-15T08:30:00Z}
 * @param resourceId a name-based UUID of system and value, valid as a FHIR logical id
 */
public record ObservationIds(String system, String value, String resourceId) {
    /** The identifier system of every Observation this service writes. */
    public static final String SYSTEM = "urn:rpm-pipeline:observation";

    public static ObservationIds of(String deviceId, VitalType vital, Instant measuredAt) {
        String value = Ids.require("deviceId", deviceId) + "." + vital.code() + "." + measuredAt;
        return new ObservationIds(SYSTEM, value, Ids.deterministic(SYSTEM, value));
    }

    /**
     * The identity of the SampledData Observation of one device and vital over one period:
     * {@code {deviceId}.{vital}.{periodStart}/{period}}, e.g. {@code ox-1.spo2.2026-03-15T08:30:00Z/PT1M}.
     */
    public static ObservationIds sampled(String deviceId, VitalType vital, Instant periodStart,
            java.time.Duration period) {
        String value = Ids.require("deviceId", deviceId) + "." + vital.code() + "." + periodStart + "/" + period;
        return new ObservationIds(SYSTEM, value, Ids.deterministic(SYSTEM, value));
    }
}
