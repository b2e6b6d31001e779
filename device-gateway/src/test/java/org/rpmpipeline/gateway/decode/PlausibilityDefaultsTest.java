package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.vital.VitalType;

/** The gateway's default plausibility bounds are the clinical reference file's, for every single-value vital. */
class PlausibilityDefaultsTest {
    @Test
    void everyVitalHasTheBoundsOfTheClinicalReferenceFile() {
        PlausibilityBounds defaults = PlausibilityBounds.defaults();

        for (VitalType vital : VitalType.values()) {
            if (vital.isPanel()) {
                continue;
            }
            var reference = ClinicalReference.bundled().plausibleRange(vital).orElseThrow();
            assertThat(defaults.rangeOf(vital)).as(vital.code()).hasValueSatisfying(range -> {
                assertThat(range.min()).isEqualByComparingTo(reference.min());
                assertThat(range.max()).isEqualByComparingTo(reference.max());
            });
        }
        assertThat(defaults.rangeOf(VitalType.SPO2).orElseThrow().toString()).isEqualTo("50..100");
        assertThat(defaults.rangeOf(VitalType.GLUCOSE_MOLAR).orElseThrow().toString()).isEqualTo("0.5..55.6");
    }
}
