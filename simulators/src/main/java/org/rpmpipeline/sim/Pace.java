package org.rpmpipeline.sim;

import java.time.Duration;

/**
 * The pacing thread's scenario clock: real time since the start, times the speed, less what the schedule slipped.
 * Without a lag limit the schedule never slips: a pacer that fell behind (a cold JVM, a full in-flight window)
 * publishes everything overdue at once. With one, the schedule moves later instead whenever the pacer is more
 * than the limit behind, so a catch-up burst holds at most the limit's worth of messages and the rate stays what
 * the scenario asks for; every emission is still published, in the same order.
 *
 * <p>The pacing thread alone moves it; {@link #slipped()} may be read from any thread.
 */
final class Pace {
    private final long startNanos;
    private final double speed;
    private final long maxLagNanos;
    private volatile long slipNanos;

    /**
     * @param startNanos {@link System#nanoTime()} at scenario time 0
     * @param speed scenario milliseconds per real millisecond
     * @param maxLag real time the pacer may fall behind before the schedule slips; zero for no limit
     */
    Pace(long startNanos, double speed, Duration maxLag) {
        this.startNanos = startNanos;
        this.speed = speed;
        this.maxLagNanos = maxLag.toNanos();
    }

    /**
     * Scenario time at {@code nowNanos}, after slipping the schedule if the emission due at {@code nextDueMillis}
     * (scenario time; negative for none) is more than the lag limit overdue.
     */
    long elapsedMillis(long nowNanos, long nextDueMillis) {
        long real = nowNanos - startNanos - slipNanos;
        if (maxLagNanos > 0 && nextDueMillis >= 0) {
            long lag = real - (long) (nextDueMillis * 1e6 / speed);
            if (lag > maxLagNanos) {
                slipNanos += lag - maxLagNanos;
                real -= lag - maxLagNanos;
            }
        }
        return (long) (real / 1e6 * speed);
    }

    /** Real nanoseconds until scenario time advances by {@code scenarioMillis}. */
    long realNanos(long scenarioMillis) {
        return Math.max(0, (long) (scenarioMillis * 1e6 / speed));
    }

    /** How far the schedule moved later so far, in real time. */
    Duration slipped() {
        return Duration.ofNanos(slipNanos);
    }
}
