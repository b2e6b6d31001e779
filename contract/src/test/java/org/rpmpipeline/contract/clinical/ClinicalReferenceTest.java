package org.rpmpipeline.contract.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.contract.vital.VitalType;

class ClinicalReferenceTest {
    private static final ClinicalReference BUNDLED = ClinicalReference.bundled();

    /** Every value of the RCP 2017 Chart 1 rows at and around each band edge, scored by hand from the chart. */
    @ParameterizedTest(name = "{0} {1} scores {2}")
    @CsvSource({
        "respiration-rate, 8, 3", "respiration-rate, 9, 1", "respiration-rate, 11, 1", "respiration-rate, 12, 0",
        "respiration-rate, 20, 0", "respiration-rate, 21, 2", "respiration-rate, 24, 2", "respiration-rate, 25, 3",
        "spo2-scale-1, 91, 3", "spo2-scale-1, 92, 2", "spo2-scale-1, 93, 2", "spo2-scale-1, 94, 1",
        "spo2-scale-1, 95, 1", "spo2-scale-1, 96, 0", "spo2-scale-1, 100, 0",
        "spo2-scale-2-on-air, 83, 3", "spo2-scale-2-on-air, 84, 2", "spo2-scale-2-on-air, 85, 2",
        "spo2-scale-2-on-air, 86, 1", "spo2-scale-2-on-air, 87, 1", "spo2-scale-2-on-air, 88, 0",
        "spo2-scale-2-on-air, 92, 0", "spo2-scale-2-on-air, 93, 0", "spo2-scale-2-on-air, 100, 0",
        "spo2-scale-2-on-oxygen, 83, 3", "spo2-scale-2-on-oxygen, 84, 2", "spo2-scale-2-on-oxygen, 87, 1",
        "spo2-scale-2-on-oxygen, 88, 0", "spo2-scale-2-on-oxygen, 92, 0", "spo2-scale-2-on-oxygen, 93, 1",
        "spo2-scale-2-on-oxygen, 94, 1", "spo2-scale-2-on-oxygen, 95, 2", "spo2-scale-2-on-oxygen, 96, 2",
        "spo2-scale-2-on-oxygen, 97, 3", "spo2-scale-2-on-oxygen, 100, 3",
        "systolic-bp, 90, 3", "systolic-bp, 91, 2", "systolic-bp, 100, 2", "systolic-bp, 101, 1",
        "systolic-bp, 110, 1", "systolic-bp, 111, 0", "systolic-bp, 219, 0", "systolic-bp, 220, 3",
        "pulse, 40, 3", "pulse, 41, 1", "pulse, 50, 1", "pulse, 51, 0", "pulse, 90, 0", "pulse, 91, 1",
        "pulse, 110, 1", "pulse, 111, 2", "pulse, 130, 2", "pulse, 131, 3",
        "temperature, 35.0, 3", "temperature, 35.1, 1", "temperature, 36.0, 1", "temperature, 36.1, 0",
        "temperature, 38.0, 0", "temperature, 38.1, 1", "temperature, 39.0, 1", "temperature, 39.1, 2"})
    void theBundledChartIsTheRcpChart(String row, String value, int score) {
        assertThat(BUNDLED.news2().row(row).score(new BigDecimal(value))).isEqualTo(score);
    }

    /** Rounded half up to the chart's resolution before banding, on both sides of every decimal edge. */
    @ParameterizedTest(name = "{0} {1} scores {2}")
    @CsvSource({"spo2-scale-1, 91.4, 3", "spo2-scale-1, 91.49, 3", "spo2-scale-1, 91.5, 2", "spo2-scale-1, 95.5, 0",
        "respiration-rate, 8.4, 3", "respiration-rate, 8.5, 1", "respiration-rate, 24.5, 3",
        "pulse, 90.4, 0", "pulse, 90.5, 1", "pulse, 40.5, 1", "systolic-bp, 90.49, 3", "systolic-bp, 90.5, 2",
        "systolic-bp, 219.5, 3", "temperature, 35.04, 3", "temperature, 35.05, 1", "temperature, 38.04, 0",
        "temperature, 38.05, 1", "temperature, 39.04, 1", "temperature, 39.05, 2"})
    void decimalsAreRoundedHalfUpToTheChartResolutionBeforeBanding(String row, String value, int score) {
        assertThat(BUNDLED.news2().row(row).score(new BigDecimal(value))).isEqualTo(score);
    }

    @Test
    void categoricalScoresAndTriggersAreTheRcpOnes() {
        News2Chart chart = BUNDLED.news2();

        assertThat(chart.airScore()).isZero();
        assertThat(chart.oxygenScore()).isEqualTo(2);
        assertThat(chart.alertScore()).isZero();
        assertThat(chart.notAlertScore()).isEqualTo(3);
        assertThat(chart.singleParameterTrigger()).isEqualTo(3);
        assertThat(chart.urgentTrigger()).isEqualTo(5);
        assertThat(chart.emergencyTrigger()).isEqualTo(7);
    }

    @Test
    void referenceRangesAndPlausibilityCoverTheirVitalsWithASource() {
        assertThat(BUNDLED.referenceRanges().get(VitalType.GLUCOSE))
                .satisfies(r -> {
                    assertThat(r.criticalLow()).isEqualByComparingTo("54");
                    assertThat(r.criticalHigh()).isEqualByComparingTo("250");
                    assertThat(r.source()).contains("ADA");
                });
        assertThat(BUNDLED.plausibility()).containsKeys(VitalType.CONSCIOUSNESS, VitalType.OXYGEN_FLOW,
                VitalType.OXYGEN_CONCENTRATION, VitalType.SPO2, VitalType.GLUCOSE_MOLAR);
        assertThat(BUNDLED.plausibility().values()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
        assertThat(BUNDLED.defaultRules()).isNotEmpty();
    }

    @Test
    void aBandWithoutContinuationIsRejectedNamingRowAndBand() {
        String yaml = bundledText().replace("- {min: 9, max: 11, score: 1}", "- {min: 10, max: 11, score: 1}");

        assertThatThrownBy(() -> ClinicalReference.parse(yaml, "test.yaml"))
                .isInstanceOf(ClinicalReferenceException.class)
                .hasMessageContaining("news2.rows.respiration-rate.bands[1]: min must be the previous max plus the"
                        + " resolution (9): no gap, no overlap");
    }

    @Test
    void aNumberWithoutSourceAndAnUnknownFieldAreRejectedTogether() {
        String yaml = bundledText()
                .replace("    source: product decision; beyond any sustained human rhythm a consumer device reports\n",
                        "")
                .replace("    critical-low: 9\n", "    critical-lo: 9\n");

        assertThatThrownBy(() -> ClinicalReference.parse(yaml, "test.yaml"))
                .isInstanceOf(ClinicalReferenceException.class)
                .satisfies(e -> assertThat(((ClinicalReferenceException) e).problems()).containsExactlyInAnyOrder(
                        "reference-ranges.respiratory-rate.critical-lo: unknown field (known: [critical-high,"
                                + " critical-low, high, low, source])",
                        "plausibility.heart-rate.source: a non-empty text is required (every number needs its"
                                + " source)"));
    }

    @Test
    void aMissingRowAndAnOpenInnerBandAreRejected() {
        String yaml = bundledText().replace("- {min: 41, max: 50, score: 1}", "- {min: 41, score: 1}")
                .replace("    systolic-bp:\n      vital: systolic-bp", "    systolic:\n      vital: systolic-bp");

        assertThatThrownBy(() -> ClinicalReference.parse(yaml, "test.yaml"))
                .hasMessageContaining("news2.rows.pulse.bands[1]: max is required before the last band")
                .hasMessageContaining("news2.rows.systolic-bp: row is required");
    }

    private static String bundledText() {
        try (var in = ClinicalReference.class.getResourceAsStream(ClinicalReference.BUNDLED)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownVitalsInRangesAreRejected() {
        String yaml = bundledText().replace("  bmi:\n    min: 5", "  body-mass:\n    min: 5");

        assertThatThrownBy(() -> ClinicalReference.parse(yaml, "test.yaml"))
                .hasMessageContaining("plausibility.body-mass: unknown vital \"body-mass\"");
    }
}
