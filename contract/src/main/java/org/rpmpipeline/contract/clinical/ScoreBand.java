package org.rpmpipeline.contract.clinical;

import java.math.BigDecimal;

/**
 * One band of a NEWS2 chart row: values from {@code min} to {@code max} inclusive (at the row's resolution) score
 * {@code score}; an absent bound is open.
 */
public record ScoreBand(BigDecimal min, BigDecimal max, int score) {
    /** True if {@code rounded} (already at the row's resolution) lies in this band. */
    public boolean contains(BigDecimal rounded) {
        return (min == null || rounded.compareTo(min) >= 0) && (max == null || rounded.compareTo(max) <= 0);
    }

    @Override
    public String toString() {
        if (min == null) {
            return "<= " + max.toPlainString() + ": " + score;
        }
        return max == null ? ">= " + min.toPlainString() + ": " + score
                : min.toPlainString() + "-" + max.toPlainString() + ": " + score;
    }
}
