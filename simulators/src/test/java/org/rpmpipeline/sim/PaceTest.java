package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PaceTest {
    private static final long START = 5_000_000_000L;

    private static long at(long realMillis) {
        return START + realMillis * 1_000_000L;
    }

    @Test
    void withoutALimit_scenarioTimeIsRealTimeTimesSpeed_andAFallenBehindPacerCatchesUp() {
        Pace pace = new Pace(START, 10, Duration.ZERO);

        // the emission due at scenario time 100 ms is 2,400 scenario ms overdue: all of it is published at once
        assertThat(pace.elapsedMillis(at(250), 100)).isEqualTo(2_500);
        assertThat(pace.slipped()).isZero();
        assertThat(pace.realNanos(2_600 - 2_500)).isEqualTo(10_000_000L);
    }

    @Test
    void withALimit_anOverduePacerIsHeldToTheLimit_andTheScheduleMovesLaterBySoMuch() {
        Pace pace = new Pace(START, 1, Duration.ofMillis(200));

        // on time, and up to the limit behind: nothing slips
        assertThat(pace.elapsedMillis(at(50), 50)).isEqualTo(50);
        assertThat(pace.elapsedMillis(at(300), 100)).isEqualTo(300);
        assertThat(pace.slipped()).isZero();

        // a cold start: at 1,500 ms the emission due at 100 ms is still next; only 200 ms of emissions are due now
        assertThat(pace.elapsedMillis(at(1_500), 100)).isEqualTo(300);
        assertThat(pace.slipped()).isEqualTo(Duration.ofMillis(1_200));

        // from then on the schedule runs 1.2 s late at the same rate
        assertThat(pace.elapsedMillis(at(2_000), 700)).isEqualTo(800);
        assertThat(pace.slipped()).isEqualTo(Duration.ofMillis(1_200));
    }

    @Test
    void withALimitAndSpeed_theLimitIsRealTime() {
        Pace pace = new Pace(START, 100, Duration.ofMillis(100));

        // 1 s real = 100,000 scenario ms; next due at 50,000 scenario ms = 500 ms real, 400 ms over the limit
        assertThat(pace.elapsedMillis(at(1_000), 50_000)).isEqualTo(60_000);
        assertThat(pace.slipped()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void withNothingLeftToPublish_nothingSlips() {
        Pace pace = new Pace(START, 1, Duration.ofMillis(100));

        assertThat(pace.elapsedMillis(at(10_000), -1)).isEqualTo(10_000);
        assertThat(pace.slipped()).isZero();
    }
}
