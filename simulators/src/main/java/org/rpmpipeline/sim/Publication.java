package org.rpmpipeline.sim;

import java.time.Instant;
import org.rpmpipeline.sim.device.Measurement;
import org.rpmpipeline.sim.scenario.Emission;

/**
 * One message the simulator published: what it carries, the measurement time of its newest measurement
 * ({@code null} when the device clock is unset) and the correlation id it was sent with (MQTT 5 user property
 * {@code correlationId}, carried by the gateway into Kafka headers). A duplicated message is published twice with
 * the same publication.
 */
public record Publication(String correlationId, String topic, Instant measuredAt, Emission emission) {

    /** The newest measurement the message carries. */
    public Measurement measurement() {
        return emission.primary();
    }

    public String patientId() {
        return emission.primary().patientId();
    }

    public String deviceId() {
        return emission.primary().deviceId();
    }

    /** The number of readings (vitals) the message carries; 0 for a hostile payload. */
    public int readings() {
        return emission.readings();
    }

    /** True if the payload is deliberately bad and the gateway should reject it. */
    public boolean hostile() {
        return emission.hostile() != null;
    }
}
