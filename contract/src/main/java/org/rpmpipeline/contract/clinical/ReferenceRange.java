package org.rpmpipeline.contract.clinical;

import java.math.BigDecimal;

/**
 * A vital's reference range for FHIR interpretation, in its canonical unit: below {@code criticalLow} is LL,
 * below {@code low} L, above {@code high} H, above {@code criticalHigh} HH, otherwise N; an absent bound is none.
 */
public record ReferenceRange(BigDecimal criticalLow, BigDecimal low, BigDecimal high, BigDecimal criticalHigh,
        String source) {
}
