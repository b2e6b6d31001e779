package org.rpmpipeline.sim.patient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How one vital of a virtual patient behaves: its course, uniform measurement noise of {@code ±noise}, the range
 * the values are held in, and the precision a device reports it with.
 *
 * @param min the lowest value ever produced (a stable patient's range, or the physiological floor)
 * @param max the highest value ever produced
 * @param scale decimal places, e.g. 0 for SpO2 in %, 1 for temperature in Cel
 */
public record VitalModel(Course course, double noise, double min, double max, int scale) {

    public VitalModel {
        Objects.requireNonNull(course, "course");
        if (noise < 0 || min > max || scale < 0) {
            throw new IllegalArgumentException("noise >= 0, min <= max and scale >= 0 are required");
        }
    }

    /** This model with {@code change} added to its course and the range widened to {@code [min, max]}. */
    public VitalModel with(Course change, double newMin, double newMax) {
        return new VitalModel(course.plus(change), noise, newMin, newMax, scale);
    }

    /** This model with a different noise half-width. */
    public VitalModel withNoise(double newNoise) {
        return new VitalModel(course, newNoise, min, max, scale);
    }

    /** A measured value at {@code elapsed}; draws exactly one number from {@code random}. */
    public BigDecimal sample(Duration elapsed, RandomGenerator random) {
        double jitter = noise * (2 * random.nextDouble() - 1);
        double value = Math.max(min, Math.min(max, course.at(elapsed) + jitter));
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }

    /** The expected value at {@code elapsed}, without noise, held in the range. */
    public double expected(Duration elapsed) {
        return Math.max(min, Math.min(max, course.at(elapsed)));
    }
}
