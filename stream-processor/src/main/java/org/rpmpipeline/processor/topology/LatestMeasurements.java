package org.rpmpipeline.processor.topology;

import java.time.Instant;
import java.util.Map;

/**
 * The latest measurement instant per vital code of one patient: a reading measured before the latest one of its
 * vital is out of order. Kept once per patient rather than in every rule's state, so rules write only when their
 * own state changes.
 */
record LatestMeasurements(Map<String, Instant> latest) {
    LatestMeasurements {
        latest = Map.copyOf(latest);
    }
}
