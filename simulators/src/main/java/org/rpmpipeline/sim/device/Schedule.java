package org.rpmpipeline.sim.device;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * When a device measures, in scenario time (milliseconds since the scenario started; each scenario day starts
 * at its midnight). Schedules are pure, so a timeline can be generated lazily and reproducibly.
 */
public interface Schedule {
    long DAY = Duration.ofDays(1).toMillis();

    /** The first measurement at or after {@code from}. */
    long firstAtOrAfter(long from);

    /** The measurement after the one at {@code previous}. */
    default long after(long previous) {
        return firstAtOrAfter(previous + 1);
    }

    /** Every {@code interval}, the first one at {@code first}. */
    static Schedule every(Duration interval, Duration first) {
        long step = positive(interval);
        long start = first.toMillis();
        return from -> from <= start ? start : start + ceilDiv(from - start, step) * step;
    }

    /** At the given times of each scenario day (e.g. 07:30 and 19:30 for a blood-pressure cuff). */
    static Schedule daily(Duration... timesOfDay) {
        long[] times = Arrays.stream(timesOfDay).mapToLong(Duration::toMillis).map(t -> Math.floorMod(t, DAY))
                .sorted().toArray();
        if (times.length == 0) {
            throw new IllegalArgumentException("a daily schedule needs at least one time");
        }
        return from -> {
            long day = Math.floorDiv(Math.max(0, from), DAY);
            while (true) {
                for (long t : times) {
                    long candidate = day * DAY + t;
                    if (candidate >= from) {
                        return candidate;
                    }
                }
                day++;
            }
        };
    }

    /**
     * Every {@code interval} within a daily window, e.g. 1 Hz oximetry from 23:00 to 06:00 (a window may cross
     * midnight).
     */
    static Schedule window(Duration interval, Duration startOfDay, Duration endOfDay) {
        long step = positive(interval);
        long start = Math.floorMod(startOfDay.toMillis(), DAY);
        long end = Math.floorMod(endOfDay.toMillis(), DAY);
        long length = Math.floorMod(end - start, DAY);
        return from -> {
            long f = Math.max(0, from);
            // the window that may contain f started on the day before f's day, or on f's day
            for (long day = Math.floorDiv(f, DAY) - 1; ; day++) {
                long windowStart = day * DAY + start;
                long windowEnd = windowStart + length;
                if (windowEnd <= f) {
                    continue;
                }
                long candidate = f <= windowStart ? windowStart
                        : windowStart + ceilDiv(f - windowStart, step) * step;
                if (candidate < windowEnd) {
                    return candidate;
                }
            }
        };
    }

    /** This schedule moved later by {@code shift} (so devices of a cohort do not all measure at once). */
    default Schedule shifted(Duration shift) {
        long s = shift.toMillis();
        Schedule base = this;
        return from -> base.firstAtOrAfter(Math.max(0, from - s)) + s;
    }

    /** Times of day given as {@code HH:mm}. */
    static List<Duration> timesOfDay(String... hhmm) {
        return Arrays.stream(hhmm).map(t -> {
            String[] parts = t.split(":");
            return Duration.ofHours(Integer.parseInt(parts[0])).plusMinutes(Integer.parseInt(parts[1]));
        }).toList();
    }

    private static long positive(Duration interval) {
        long step = interval.toMillis();
        if (step <= 0) {
            throw new IllegalArgumentException("an interval must be at least 1 ms, was " + interval);
        }
        return step;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
