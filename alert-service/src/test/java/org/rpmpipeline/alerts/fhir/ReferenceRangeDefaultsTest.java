package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.vital.VitalType;

/** The default reference ranges are the clinical reference file's, vital by vital. */
class ReferenceRangeDefaultsTest {
    @Test
    void defaultsAreTheRangesOfTheClinicalReferenceFile() {
        ReferenceRanges defaults = ReferenceRanges.defaults();

        assertThat(defaults.asMap().keySet())
                .containsExactlyInAnyOrderElementsOf(ClinicalReference.bundled().referenceRanges().keySet());
        ClinicalReference.bundled().referenceRanges().forEach((vital, reference) ->
                assertThat(defaults.of(vital).orElseThrow().toString()).as(vital.code()).isEqualTo(
                        ReferenceRanges.Range.parse(text(reference.criticalLow()) + "," + text(reference.low()) + ","
                                + text(reference.high()) + "," + text(reference.criticalHigh())).toString()));
        assertThat(defaults.of(VitalType.HEART_RATE).orElseThrow().toString()).isEqualTo("41,51,90,130");
        assertThat(defaults.of(VitalType.GLUCOSE_MOLAR).orElseThrow().interpret(new java.math.BigDecimal("2.9")))
                .isEqualTo("LL");
        assertThat(defaults.of(VitalType.CONSCIOUSNESS)).isEmpty();
    }

    private static String text(java.math.BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
