package org.rpmpipeline.contract.patient;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;
import org.rpmpipeline.contract.finding.Severity;

/**
 * One band of a personal threshold: a value satisfying {@code operator value} (in the vital's canonical unit)
 * has {@code severity}.
 *
 * @param operator one of {@code <}, {@code <=}, {@code >}, {@code >=}
 */
public record BandOverride(Severity severity, String operator, BigDecimal value) {
    private static final Set<String> OPERATORS = Set.of("<", "<=", ">", ">=");

    public BandOverride {
        Objects.requireNonNull(severity, "severity is required");
        Objects.requireNonNull(value, "value is required");
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("operator must be one of <, <=, >, >=, was \"" + operator + "\"");
        }
    }
}
