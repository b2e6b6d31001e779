package org.rpmpipeline.processor.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * Stream-semantics settings of the topology.
 *
 * @param dedupRetention how long (in event time) a reading id is remembered to drop redeliveries and replays
 * @param lateAfter a reading received more than this after it was measured is late (offline sync): its findings
 *     are marked late
 * @param noDataCheckInterval how often (wall clock) the no-data rule looks for silent devices
 * @param adherenceCheckInterval how often (wall clock) adherence rules look for shortfalls and ended periods
 */
public record TopologySettings(Duration dedupRetention, Duration lateAfter, Duration noDataCheckInterval,
        Duration adherenceCheckInterval) {
    /**
     * 7 days of dedup (stored records replayed by BLE devices), late after 10 minutes, silent devices checked
     * every minute, adherence every hour.
     */
    public static final TopologySettings DEFAULTS = new TopologySettings(Duration.ofDays(7), Duration.ofMinutes(10),
            Duration.ofMinutes(1), Duration.ofHours(1));

    public TopologySettings {
        Objects.requireNonNull(dedupRetention, "dedupRetention");
        Objects.requireNonNull(lateAfter, "lateAfter");
        Objects.requireNonNull(noDataCheckInterval, "noDataCheckInterval");
        Objects.requireNonNull(adherenceCheckInterval, "adherenceCheckInterval");
    }
}
