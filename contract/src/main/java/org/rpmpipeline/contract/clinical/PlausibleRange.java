package org.rpmpipeline.contract.clinical;

import java.math.BigDecimal;

/** The inclusive range of values a device can plausibly report for a vital, in its canonical unit. */
public record PlausibleRange(BigDecimal min, BigDecimal max, String source) {
    public boolean contains(BigDecimal value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }
}
