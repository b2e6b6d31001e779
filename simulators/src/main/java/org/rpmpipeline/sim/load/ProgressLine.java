package org.rpmpipeline.sim.load;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.rpmpipeline.sim.Simulator;
import org.rpmpipeline.sim.SimulatorStats;

/**
 * Samples a running simulator every second, keeping the samples (rate and that second's ack p99) for the results
 * files and the chart, and prints a live progress line (rate, in flight, failures, ack p99 so far) every
 * {@code interval} if asked to.
 */
public final class ProgressLine implements AutoCloseable {
    private final Simulator simulator;
    private final PrintWriter out;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private final List<Sample> samples = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private long lastPublished;
    private long lastNanos = startNanos;
    private long peakHeapBytes;
    private long lastPrintNanos = startNanos;

    /** One sample: seconds since start, messages per second and ack p99 (ms) since the last sample, totals. */
    public record Sample(double elapsedSeconds, double rate, long published, long acknowledged, long failed,
            long inFlight, double ackP99Ms) {
    }

    /**
     * @param out where to print, or {@code null} to only sample
     */
    public ProgressLine(Simulator simulator, PrintWriter out, Duration interval) {
        this.simulator = simulator;
        this.out = out;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpm-sim-progress");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** The highest used heap seen at any sample, in MiB. */
    public synchronized long peakHeapMb() {
        return peakHeapBytes >> 20;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Takes a last sample and stops. */
    @Override
    public void close() {
        if (!timer.isShutdown()) {
            timer.shutdownNow();
            sample();
        }
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        Runtime runtime = Runtime.getRuntime();
        peakHeapBytes = Math.max(peakHeapBytes, runtime.totalMemory() - runtime.freeMemory());
        SimulatorStats stats = simulator.stats();
        Histogram window = simulator.ackLatencyIntervalMicros();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        double rate = (stats.published() - lastPublished) / seconds;
        lastPublished = stats.published();
        lastNanos = now;
        double p99 = window.getTotalCount() == 0 ? 0 : window.getValueAtPercentile(99) / 1000.0;
        Sample sample = new Sample((now - startNanos) / 1e9, rate, stats.published(), stats.acknowledged(),
                stats.failed(), stats.inFlight(), p99);
        samples.add(sample);
        if (out != null && (now - lastPrintNanos >= interval.toNanos() || timer.isShutdown())) {
            lastPrintNanos = now;
            Histogram all = simulator.ackLatencyMicros();
            double p99SoFar = all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(99) / 1000.0;
            out.printf(Locale.ROOT, "[%7.1fs] published %d (%.0f/s), acked %d, in flight %d, failed %d, "
                    + "ack p99 so far %.1f ms%n", sample.elapsedSeconds(), sample.published(), sample.rate(),
                    sample.acknowledged(), sample.inFlight(), sample.failed(), p99SoFar);
            out.flush();
        }
    }
}
