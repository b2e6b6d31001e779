package org.rpmpipeline.sim.patient;

import java.time.Duration;

/**
 * The noise-free course of one vital over scenario time: a baseline plus any number of changes (drifts,
 * episodes, daily rhythm). Courses are pure functions of elapsed time, so a scenario is reproducible and can be
 * evaluated at any instant without replaying what came before.
 */
@FunctionalInterface
public interface Course {

    /** The expected value at {@code elapsed} since the scenario started. */
    double at(Duration elapsed);

    /** A value that never changes. */
    static Course constant(double value) {
        return elapsed -> value;
    }

    /**
     * A linear change by {@code delta} between {@code start} and {@code start + length}, holding the full change
     * afterwards (a gradual deterioration or a steady weight gain).
     */
    static Course drift(double delta, Duration start, Duration length) {
        long startMs = start.toMillis();
        long lengthMs = Math.max(1, length.toMillis());
        return elapsed -> delta * fraction(elapsed.toMillis() - startMs, lengthMs);
    }

    /**
     * An episode: ramps to {@code delta} over {@code onset}, holds it for {@code hold}, and returns to zero over
     * {@code onset} again (a desaturation, a hypoglycaemia, a hypertensive crisis).
     */
    static Course episode(double delta, Duration start, Duration onset, Duration hold) {
        long s = start.toMillis();
        long on = Math.max(1, onset.toMillis());
        long h = hold.toMillis();
        return elapsed -> {
            long t = elapsed.toMillis() - s;
            if (t <= 0 || t >= on + h + on) {
                return 0;
            }
            if (t < on) {
                return delta * t / on;
            }
            if (t <= on + h) {
                return delta;
            }
            return delta * (on + h + on - t) / on;
        };
    }

    /**
     * A daily rhythm of the given amplitude, lowest at {@code troughHour} scenario-local hours after the start of
     * each day (the start of a scenario is taken as midnight).
     */
    static Course circadian(double amplitude, double troughHour) {
        return elapsed -> {
            double hours = elapsed.toMillis() / 3_600_000.0;
            return -amplitude * Math.cos(2 * Math.PI * (hours - troughHour) / 24.0);
        };
    }

    /** This course with {@code other} added on top. */
    default Course plus(Course other) {
        return elapsed -> at(elapsed) + other.at(elapsed);
    }

    private static double fraction(long t, long length) {
        if (t <= 0) {
            return 0;
        }
        return t >= length ? 1 : (double) t / length;
    }
}
