package org.rpmpipeline.alerts.fhir;

import java.time.Duration;
import java.time.Instant;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The deterministic identity of an Observation: the identifier a FHIR server deduplicates on, and the logical id
 * it has on the in-process server.
 *
 * <p>The Observation of a reading is identified by the reading's id ({@link Reading#readingId()}), which the
 * gateway derives from device, vital, measurement instant and the device-side record id (a glucometer's sequence
 * number, a hub's record id), or the measured values when the device sends none. So a redelivered or replayed
 * reading maps to the same Observation, and two readings of one device in the same second (different record ids
 * or values) map to two.
 *
 * @param system the identifier system
 * @param value the identifier value
 * @param resourceId a name-based UUID of system and value, valid as a FHIR logical id
 */
public record ObservationIds(String system, String value, String resourceId) {
    /** The identifier system of the Observation of one reading: its value is the reading id. */
    public static final String READING_SYSTEM = "urn:rpm-pipeline:reading";
    /** The identifier system of a SampledData Observation grouping one device's readings over a period. */
    public static final String GROUP_SYSTEM = "urn:rpm-pipeline:observation";

    /** The identity of the Observation of {@code reading}. */
    public static ObservationIds of(Reading reading) {
        return ofReading(reading.readingId());
    }

    /** The identity of the Observation of the reading with id {@code readingId}. */
    public static ObservationIds ofReading(String readingId) {
        String value = Ids.require("readingId", readingId);
        return new ObservationIds(READING_SYSTEM, value, Ids.deterministic(READING_SYSTEM, value));
    }

    /**
     * The identity of the SampledData Observation of one device and vital over one period:
     * {@code {deviceId}.{vital}.{periodStart}/{period}}, e.g. {@code ox-1.spo2.2026-03-15T08:30:00Z/PT1M}.
     */
    public static ObservationIds sampled(String deviceId, VitalType vital, Instant periodStart, Duration period) {
        String value = Ids.require("deviceId", deviceId) + "." + vital.code() + "." + periodStart + "/" + period;
        return new ObservationIds(GROUP_SYSTEM, value, Ids.deterministic(GROUP_SYSTEM, value));
    }
}
