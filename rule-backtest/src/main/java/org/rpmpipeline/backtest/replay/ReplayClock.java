package org.rpmpipeline.backtest.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a replay: it shows the time the replay has reached (the Kafka time of the record being replayed,
 * or the wall-clock tick being fired), never the machine's time, so a replay gives the same findings, stamps and
 * silences however fast it runs. It only moves forward.
 */
public final class ReplayClock extends Clock {
    private volatile Instant now;

    public ReplayClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock to {@code instant} if that is later than the time shown. */
    public void advanceTo(Instant instant) {
        if (instant.isAfter(now)) {
            now = instant;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
