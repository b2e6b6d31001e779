package org.rpmpipeline.alerts.intake;

import java.time.Duration;

/** Exponential backoff: {@code initial}, doubling per attempt, never above {@code max}. */
public record Backoff(Duration initial, Duration max) {
    public Duration delay(int attempt) {
        long millis = initial.toMillis();
        for (int i = 0; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
