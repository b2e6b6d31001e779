package org.rpmpipeline.sim.load;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What arrived downstream, by message (correlation id).
 *
 * @param messages distinct messages published
 * @param delivered messages whose readings all arrived on {@code rpm.readings}
 * @param partial messages of which only some readings arrived
 * @param lost acknowledged messages with no reading and no rejection
 * @param notSent messages whose every publish failed (not counted as lost)
 * @param rejectedExpected hostile messages rejected, as they should be
 * @param rejectedUnexpected well-formed messages rejected (e.g. a skewed clock, an unknown device)
 * @param hostileAccepted hostile messages that produced readings (a gateway defect)
 * @param duplicateReadings readings whose reading id had already arrived
 * @param foreignReadings readings with this run's prefix but an unknown correlation id
 * @param duplicateNotifications notifications whose notification id had already arrived
 * @param lostIds up to 50 correlation ids of lost messages
 */
public record VerifyReport(long messages, long delivered, long partial, long lost, long notSent,
        long rejectedExpected, long rejectedUnexpected, long hostileAccepted, long duplicateReadings,
        long foreignReadings, long findings, long matchedFindings, long notifications, long unmatchedNotifications,
        long duplicateNotifications,
        Latency publishToReading, Latency publishToFinding, Latency publishToNotification, List<String> lostIds) {

    /** Latency percentiles in milliseconds; all 0 when nothing was measured. */
    public record Latency(long count, long p50, long p99, long p999, long max) {
        static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue());
        }
    }
}
