package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;

/** How a value is compared with a band's bound, written in the rules file as a symbol. */
public enum Comparison {
    LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True if {@code value} compared with {@code bound} satisfies this comparison (scale-independent). */
    public boolean test(BigDecimal value, BigDecimal bound) {
        int c = value.compareTo(bound);
        return switch (this) {
            case LESS -> c < 0;
            case LESS_OR_EQUAL -> c <= 0;
            case GREATER -> c > 0;
            case GREATER_OR_EQUAL -> c >= 0;
        };
    }

    /** True for the comparisons that fire below a bound. */
    public boolean isBelow() {
        return this == LESS || this == LESS_OR_EQUAL;
    }

    /** Parses a symbol; throws {@link IllegalArgumentException} listing the accepted ones. */
    public static Comparison fromSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        throw new IllegalArgumentException("must be one of <, <=, >, >=, was \"" + symbol + "\"");
    }
}
