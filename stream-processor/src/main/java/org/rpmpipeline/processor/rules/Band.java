package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.util.Objects;
import org.rpmpipeline.contract.finding.Severity;

/**
 * One band of a threshold rule: a value that satisfies {@code comparison bound} has {@code severity}.
 *
 * @param source where the bound comes from (guideline and section, or "product decision")
 */
public record Band(Severity severity, Comparison comparison, BigDecimal bound, String source) {
    public Band {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(bound, "bound");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is required");
        }
    }

    public boolean matches(BigDecimal value) {
        return comparison.test(value, bound);
    }

    /** E.g. {@code <= 92}. */
    public String condition() {
        return comparison.symbol() + " " + bound.toPlainString();
    }
}
