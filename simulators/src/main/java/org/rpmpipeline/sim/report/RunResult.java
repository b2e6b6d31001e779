package org.rpmpipeline.sim.report;

import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.rpmpipeline.sim.SimulatorStats;
import org.rpmpipeline.sim.load.ProgressLine;
import org.rpmpipeline.sim.load.VerifyReport;

/**
 * Everything a run produced, as written to {@code results.json}.
 *
 * @param ackLatencyMs publish to PUBACK, in milliseconds
 * @param verify the downstream check, or {@code null} without {@code --verify}
 * @param peakHeapMb the highest used heap seen at the samples
 */
public record RunResult(String scenario, String runId, long seed, String duration, double speed, double rate,
        int patients, int devices, Instant startedAt, Instant finishedAt, double wallSeconds, boolean completed,
        SimulatorStats stats, VerifyReport.Latency ackLatencyMs, VerifyReport verify, long peakHeapMb,
        List<ProgressLine.Sample> timeline) {

    /** Percentiles of a microsecond histogram, in milliseconds. */
    public static VerifyReport.Latency millis(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new VerifyReport.Latency(0, 0, 0, 0, 0);
        }
        return new VerifyReport.Latency(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000,
                micros.getValueAtPercentile(99) / 1000, micros.getValueAtPercentile(99.9) / 1000,
                micros.getMaxValue() / 1000);
    }
}
