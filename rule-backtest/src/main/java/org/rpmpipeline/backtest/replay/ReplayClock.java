package org.rpmpipeline.backtest.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a replay: it shows the time of what is being replayed (the Kafka time of the record, or the
 * wall-clock tick being fired), never the machine's time, so a replay gives the same findings, stamps and
 * silences however fast it runs, and each record's findings the same time however the patients are split.
 */
public final class ReplayClock extends Clock {
    private volatile Instant now;

    public ReplayClock(Instant start) {
        this.now = start;
    }

    /** Shows {@code instant} from now on. */
    public void set(Instant instant) {
        now = instant;
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
