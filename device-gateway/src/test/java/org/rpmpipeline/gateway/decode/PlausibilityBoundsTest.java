package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.VitalType;

class PlausibilityBoundsTest {
    private final PlausibilityBounds bounds = PlausibilityBounds.defaults();

    @Test
    void checksAValueInTheCanonicalUnitAgainstTheRange() {
        assertThat(bounds.checkAsSent(VitalType.SPO2, new BigDecimal("97"), "%")).isEmpty();
        assertThat(bounds.checkAsSent(VitalType.SPO2, new BigDecimal("101"), "%")).hasValue(
                "spo2 value 101 % is outside the plausible range 50..100 %");
    }

    @Test
    void convertsTheRangeInsteadOfTheValue() {
        assertThat(bounds.checkAsSent(VitalType.BODY_TEMPERATURE, new BigDecimal("76.9"), "[degF]")).isPresent();
        assertThat(bounds.checkAsSent(VitalType.BODY_TEMPERATURE, new BigDecimal("77"), "[degF]")).isEmpty();
        assertThat(bounds.checkAsSent(VitalType.SYSTOLIC_BP, new BigDecimal("40.1"), "kPa")).hasValueSatisfying(
                d -> assertThat(d).contains("5.3328954966..39.9967162245 kPa"));
    }

    @Test
    void leavesAnUnknownUnitToTheUnitCheck() {
        assertThat(bounds.checkAsSent(VitalType.SPO2, new BigDecimal("1E+99"), "furlong")).isEmpty();
    }

    @Test
    void describesAnImplausibleCanonicalValueWithoutPrintingItInFull() {
        assertThat(bounds.checkAsSent(VitalType.SPO2, new BigDecimal("1E+2000000"), "%")).hasValueSatisfying(
                d -> assertThat(d).startsWith("spo2 value 1E+2000000 %"));
    }
}
