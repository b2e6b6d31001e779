package org.rpmpipeline.backtest.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WindowTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:30:00Z");

    @Test
    void relativeFromIsBeforeNowAndToDefaultsToNow() {
        Window window = Window.parse("30d", null, null, NOW);

        assertThat(window.from()).isEqualTo(Instant.parse("2026-11-01T10:30:00Z"));
        assertThat(window.to()).isEqualTo(NOW);
        assertThat(window.warmUp()).isEqualTo(Duration.ofDays(1));
        assertThat(window.replayFrom()).isEqualTo(Instant.parse("2026-10-31T10:30:00Z"));
    }

    @Test
    void acceptsInstantsWithoutSecondsOffsetsAndUtcDates() {
        assertThat(Window.parse("2026-11-01T00:00Z", "2026-11-02", "0s", NOW))
                .isEqualTo(new Window(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"),
                        Duration.ZERO));
        assertThat(Window.parse("2026-11-01T02:00+02:00", "12h", "6h", NOW).from())
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> Window.parse("last month", null, null, NOW))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--from: ").hasMessageContaining("last month");
        assertThatThrownBy(() -> Window.parse("30d", "2027-01-01", null, NOW)).hasMessageStartingWith("--to: ")
                .hasMessageContaining("future");
        assertThatThrownBy(() -> Window.parse("1d", "2d", null, NOW)).hasMessageStartingWith("--from: ")
                .hasMessageContaining("before --to");
        assertThatThrownBy(() -> Window.parse("400d", null, null, NOW)).hasMessageContaining("366 days");
        assertThatThrownBy(() -> Window.parse("30d", null, "40d", NOW)).hasMessageStartingWith("--warm-up: ");
        assertThatThrownBy(() -> Window.parse("30d", null, "soon", NOW)).hasMessageStartingWith("--warm-up: ");
    }

    @Test
    void daysAreTheUtcDaysTheWindowTouches() {
        Window window = new Window(Instant.parse("2026-11-01T22:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"),
                Duration.ZERO);

        assertThat(window.days()).containsExactly(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02"));
        assertThat(window.dayIndex(Instant.parse("2026-11-02T23:59:59Z"))).isEqualTo(1);
        assertThat(window.contains(window.to())).isFalse();
        assertThat(window.contains(window.from())).isTrue();
    }
}
