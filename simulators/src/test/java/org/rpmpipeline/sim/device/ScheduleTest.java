package org.rpmpipeline.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final long H = 3_600_000;

    @Test
    void every_startsAtFirstAndStepsByTheInterval() {
        Schedule s = Schedule.every(Duration.ofSeconds(2), Duration.ofMillis(500));

        assertThat(times(s, 0, 4)).containsExactly(500L, 2_500L, 4_500L, 6_500L);
        assertThat(s.firstAtOrAfter(2_501)).isEqualTo(4_500);
    }

    @Test
    void daily_repeatsTheTimesEveryDayInOrder() {
        Schedule s = Schedule.daily(Duration.ofHours(19).plusMinutes(30), Duration.ofHours(7).plusMinutes(30));

        assertThat(times(s, 0, 4)).containsExactly(7 * H + 1_800_000, 19 * H + 1_800_000,
                31 * H + 1_800_000, 43 * H + 1_800_000);
    }

    @Test
    void window_crossingMidnight_measuresOnlyInsideTheWindow() {
        Schedule s = Schedule.window(Duration.ofMinutes(30), Duration.ofHours(23), Duration.ofHours(6));

        List<Long> night = times(s, 0, 30);

        assertThat(night.get(0)).isZero();
        assertThat(night).allMatch(t -> {
            long hourOfDay = (t % (24 * H)) / H;
            return hourOfDay >= 23 || hourOfDay < 6;
        });
        assertThat(night).contains(5 * H + 1_800_000, 23 * H, 23 * H + 1_800_000);
        assertThat(night).doesNotContain(6 * H);
    }

    @Test
    void shifted_movesEveryTimeLater() {
        Schedule s = Schedule.daily(Duration.ofHours(7)).shifted(Duration.ofMinutes(5));

        assertThat(times(s, 0, 2)).containsExactly(7 * H + 300_000, 31 * H + 300_000);
    }

    private static List<Long> times(Schedule s, long from, int n) {
        List<Long> out = new ArrayList<>();
        long t = s.firstAtOrAfter(from);
        for (int i = 0; i < n; i++) {
            out.add(t);
            t = s.after(t);
        }
        return out;
    }
}
