package org.rpmpipeline.processor.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.vital.Reading;

/**
 * What a rule needs besides state and reading: the time to stamp on findings, whether the reading arrived late
 * (an offline hub syncing its backlog) and whether it is out of order (measured before the patient's latest
 * reading of the same vital). A finding that rests on a late or out-of-order reading is marked late: the alert
 * service never raises a real-time critical alert for it.
 */
public record Evaluation(Instant detectedAt, boolean lateArrival, boolean outOfOrder) {
    public Evaluation {
        Objects.requireNonNull(detectedAt, "detectedAt");
    }

    /**
     * Late if the gateway received the reading more than {@code lateAfter} after it was measured; out of order if
     * it was measured before {@code latestOfVital}, the latest measurement instant seen for its vital.
     */
    public static Evaluation of(Reading reading, Instant detectedAt, Duration lateAfter, Instant latestOfVital) {
        return new Evaluation(detectedAt,
                Duration.between(reading.measuredAt(), reading.receivedAt()).compareTo(lateAfter) > 0,
                latestOfVital != null && reading.measuredAt().isBefore(latestOfVital));
    }

    public static Evaluation onTime(Instant detectedAt) {
        return new Evaluation(detectedAt, false, false);
    }
}
