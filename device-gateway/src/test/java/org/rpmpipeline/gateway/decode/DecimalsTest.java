package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void countsDigitsFromScaleAndPrecisionAlone() {
        assertThat(Decimals.integerDigits(new BigDecimal("97.5"))).isEqualTo(2);
        assertThat(Decimals.integerDigits(new BigDecimal("0.05"))).isEqualTo(-1);
        assertThat(Decimals.integerDigits(new BigDecimal("1E+2147483647"))).isEqualTo(2147483648L);
    }

    @Test
    void boundsDigitsBeforeAndAfterTheDecimalPoint() {
        assertThat(Decimals.withinDigits(new BigDecimal("999999999999999.999999999999999"), 15)).isTrue();
        assertThat(Decimals.withinDigits(new BigDecimal("1000000000000000"), 15)).isFalse();
        assertThat(Decimals.withinDigits(new BigDecimal("0.0000000000000001"), 15)).isFalse();
        assertThat(Decimals.withinDigits(new BigDecimal("1E-2147483647"), 15)).isFalse();
        assertThat(Decimals.withinDigits(new BigDecimal("-1E+2000000"), 15)).isFalse();
    }

    @Test
    void describesShortValuesAsWrittenAndHugeOnesInScientificNotation() {
        assertThat(Decimals.describe(new BigDecimal("97.0"))).isEqualTo("97.0");
        assertThat(Decimals.describe(new BigDecimal("1E+2"))).isEqualTo("100");
        assertThat(Decimals.describe(new BigDecimal("1E+2147483647"))).isEqualTo("1E+2147483647");
        assertThat(Decimals.describe(new BigDecimal("1E-2147483647"))).isEqualTo("1E-2147483647");
        assertThat(Decimals.describe(new BigDecimal("1234567890123456789012345678901234567890")))
                .isEqualTo("1.2345679E+39");
    }
}
