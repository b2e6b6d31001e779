package org.rpmpipeline.sim.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.sim.device.Measurement;
import org.rpmpipeline.sim.device.Sample;
import org.rpmpipeline.sim.scenario.Emission;

/**
 * The normalized readings the gateway publishes for one emission of JSON vitals: one reading per sample, the
 * reading id from the device, vital, measurement time and the JSON record id ({@code id=<sequence>}, as the
 * gateway derives it), received {@link #RELAY_DELAY} after the hub sent the message. A device without a clock
 * gets the receive time ({@link TimeSource#GATEWAY}); a skewed clock keeps its skew. Hostile payloads carry no
 * reading (the gateway rejects them).
 */
public final class HistoryReadings {
    /** From the hub sending a message to the gateway receiving it. */
    public static final Duration RELAY_DELAY = Duration.ofSeconds(1);

    private HistoryReadings() {
    }

    /** The readings of {@code emission}, for a scenario that started at {@code scenarioStart}. */
    public static List<Reading> of(Emission emission, Instant scenarioStart) {
        if (emission.hostile() != null) {
            return List.of();
        }
        Instant received = scenarioStart.plusMillis(emission.dueMillis()).plus(RELAY_DELAY);
        List<Reading> readings = new ArrayList<>(emission.readings());
        for (Measurement m : emission.measurements()) {
            Instant measured = emission.clockUnset() ? received
                    : scenarioStart.plus(m.offset()).plus(emission.clockSkew());
            TimeSource source = emission.clockUnset() ? TimeSource.GATEWAY : TimeSource.DEVICE;
            for (Sample sample : m.samples()) {
                readings.add(new Reading(Schema.VERSION,
                        Reading.idFor(m.deviceId(), sample.vital(), measured, "id=" + m.sequence()), m.patientId(),
                        m.deviceId(), m.hubId(), sample.vital(), sample.value(),
                        sample.vital().isPanel() ? null : sample.vital().unit(), null, sample.components(), measured,
                        received, source, null, null));
            }
        }
        return readings;
    }
}
