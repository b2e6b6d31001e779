package org.rpmpipeline.alerts.console;

import java.time.Duration;
import java.time.Instant;

/** Elapsed time in words a glance can read: {@code 40 s}, {@code 12 min}, {@code 3 h 5 min}, {@code 2 d 4 h}. */
public final class Ago {
    private Ago() {
    }

    public static String of(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return d.toMinutes() + " min";
        }
        if (s < 86_400) {
            long minutes = d.toMinutesPart();
            return d.toHours() + " h" + (minutes == 0 ? "" : " " + minutes + " min");
        }
        long hours = d.toHoursPart();
        return d.toDays() + " d" + (hours == 0 ? "" : " " + hours + " h");
    }
}
