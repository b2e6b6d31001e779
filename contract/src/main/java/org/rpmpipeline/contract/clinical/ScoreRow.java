package org.rpmpipeline.contract.clinical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * One row of the NEWS2 chart (e.g. respiration rate): the vital it scores, the resolution the chart is written in
 * (1 for whole numbers, 0.1 for temperature) and bands that cover every value without gap or overlap. A measured
 * value is rounded half up to the resolution before it is banded, so a decimal never falls into a more favourable
 * band than the chart's nearest value (SpO2 91.4 % is 91).
 */
public record ScoreRow(String name, VitalType vital, BigDecimal resolution, List<ScoreBand> bands, String source) {
    public ScoreRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vital, "vital");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(source, "source");
        bands = List.copyOf(bands);
    }

    /** {@code value} rounded half up to this row's resolution, e.g. 91.5 -> 92, 35.05 -> 35.1. */
    public BigDecimal round(BigDecimal value) {
        BigDecimal steps = value.divide(resolution, 0, RoundingMode.HALF_UP);
        return steps.multiply(resolution);
    }

    /** The score of a measured {@code value}: rounded to the resolution, then banded. */
    public int score(BigDecimal value) {
        BigDecimal rounded = round(value);
        for (ScoreBand band : bands) {
            if (band.contains(rounded)) {
                return band.score();
            }
        }
        throw new IllegalStateException(name + " has no band for " + rounded.toPlainString());
    }
}
