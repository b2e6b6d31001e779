package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;

/** The bundled rules, band by band, with values on both sides of every bound (expectations from the file). */
class DefaultRulesTest {
    private static final Instant AT = Instant.parse("2026-01-10T08:00:00Z");
    private static final RuleSet RULES = RuleSetLoader.loadDefault();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "spo2, 93, none",
            "spo2, 92.9, none",
            "spo2, 92, high",
            "spo2, 88, high",
            "spo2, 87.9, critical",
            "spo2, 85, critical",
            "heart-rate, 110, none",
            "heart-rate, 111, moderate",
            "heart-rate, 130, moderate",
            "heart-rate, 131, high",
            "heart-rate, 41, none",
            "heart-rate, 40, high",
            "systolic-bp, 91, none",
            "systolic-bp, 90, high",
            "systolic-bp, 180, none",
            "systolic-bp, 180.1, high",
            "systolic-bp, 219, high",
            "systolic-bp, 220, critical",
            "diastolic-bp, 120, none",
            "diastolic-bp, 121, high",
            "body-temperature, 39.0, none",
            "body-temperature, 39.1, moderate",
            "body-temperature, 35.1, none",
            "body-temperature, 35.0, high",
            "body-temperature, 34.2, high",
            // respiratory rate: NEWS2 21-24 scores 2 (moderate), >= 25 and <= 8 score 3 (high)
            "respiratory-rate, 9, none",
            "respiratory-rate, 8, high",
            "respiratory-rate, 8.9, none",
            "respiratory-rate, 12, none",
            "respiratory-rate, 20, none",
            "respiratory-rate, 20.9, none",
            "respiratory-rate, 21, moderate",
            "respiratory-rate, 24, moderate",
            "respiratory-rate, 24.9, moderate",
            "respiratory-rate, 25, high",
            "respiratory-rate, 40, high",
            // glucose mg/dL: ADA level 1 < 70 (moderate), level 2 < 54 (high); consensus level 2 > 250
            // (moderate); > 300 (high, product decision)
            "glucose, 70, none",
            "glucose, 69.9, moderate",
            "glucose, 69, moderate",
            "glucose, 54, moderate",
            "glucose, 53.9, high",
            "glucose, 53, high",
            "glucose, 30, high",
            "glucose, 180, none",
            "glucose, 250, none",
            "glucose, 250.1, moderate",
            "glucose, 251, moderate",
            "glucose, 300, moderate",
            "glucose, 300.1, high",
            "glucose, 301, high",
            "glucose, 600, high",
            // glucose mmol/L: level 1 < 3.9, level 2 < 3.0, level 2 hyperglycaemia > 13.9, > 16.7 (300 mg/dL)
            "glucose-molar, 3.9, none",
            "glucose-molar, 3.89, moderate",
            "glucose-molar, 3.8, moderate",
            "glucose-molar, 3.1, moderate",
            "glucose-molar, 3.0, moderate",
            "glucose-molar, 2.99, high",
            "glucose-molar, 2.9, high",
            "glucose-molar, 10.0, none",
            "glucose-molar, 13.9, none",
            "glucose-molar, 14.0, moderate",
            "glucose-molar, 16.7, moderate",
            "glucose-molar, 16.8, high",
            "glucose-molar, 33.3, high",
    })
    void severityOfAValue(String vital, String value, String expected) {
        List<Finding> findings = RULES.evaluateThresholds(Readings.of(VitalType.fromCode(vital), value, AT), AT);
        Optional<Severity> severity = findings.stream().map(Finding::severity).findFirst();
        assertThat(findings).hasSizeLessThanOrEqualTo(1);
        if (expected.equals("none")) {
            assertThat(severity).isEmpty();
        } else {
            assertThat(severity).contains(Severity.fromCode(expected));
        }
    }

    @ParameterizedTest(name = "stable {0} {1}")
    @CsvSource({
            "spo2, 95", "spo2, 99", "heart-rate, 60", "heart-rate, 90", "systolic-bp, 110", "systolic-bp, 140",
            "body-temperature, 36.2", "body-temperature, 37.5", "diastolic-bp, 90", "respiratory-rate, 12",
            "respiratory-rate, 18", "glucose, 72", "glucose, 140", "glucose-molar, 4.0", "glucose-molar, 7.8",
    })
    void stablePatientRangesNeverTrigger(String vital, String value) {
        assertThat(RULES.evaluateThresholds(Readings.of(VitalType.fromCode(vital), value, AT), AT)).isEmpty();
    }

    @Test
    void aCapillaryGlucoseOf3Point1MillimolesIsLevel1AndItsMassEquivalentToo() {
        // 3.1 mmol/L is 56 mg/dL (molar mass 180.16 g/mol): level 1 hypoglycaemia in either unit
        assertThat(RULES.evaluateThresholds(Readings.of(VitalType.GLUCOSE_MOLAR, "3.1", AT), AT)).singleElement()
                .satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("glucose-molar-low");
                    assertThat(f.details().get("source")).contains("ADA");
                });
        assertThat(RULES.evaluateThresholds(Readings.of(VitalType.GLUCOSE, "56", AT), AT)).singleElement()
                .satisfies(f -> assertThat(f.ruleId()).isEqualTo("glucose-low"));
    }

    @Test
    void everyBandOfTheBundledRulesNamesItsSource() {
        assertThat(RULES.thresholds()).flatExtracting(ThresholdRule::bands)
                .allSatisfy(b -> assertThat(b.source()).isNotBlank());
        assertThat(RULES.thresholds()).extracting(ThresholdRule::id).contains("glucose-low", "glucose-high",
                "glucose-molar-low", "glucose-molar-high", "respiratory-rate-high", "respiratory-rate-low");
    }

    @Test
    void deterioratingPatientTriggers() {
        assertThat(RULES.evaluateThresholds(Readings.of(VitalType.SPO2, "85", AT), AT)).isNotEmpty();
        assertThat(RULES.evaluateThresholds(Readings.of(VitalType.HEART_RATE, "130", AT), AT)).isNotEmpty();
    }

    @Test
    void bloodPressurePanelIsEvaluatedThroughItsComponents() {
        List<Finding> findings = RULES.evaluateThresholds(Readings.bloodPressure("185", "125", AT), AT);

        assertThat(findings).extracting(Finding::ruleId).containsExactlyInAnyOrder("systolic-bp-high",
                "diastolic-bp-high");
        assertThat(findings).allSatisfy(f -> assertThat(f.evidence()).hasSize(1));
        assertThat(findings).filteredOn(f -> f.ruleId().equals("systolic-bp-high")).singleElement()
                .satisfies(f -> assertThat(f.evidence().get(0).vital()).isEqualTo(VitalType.SYSTOLIC_BP));
    }

    @Test
    void everyBandCitesASource() {
        assertThat(RULES.thresholds()).allSatisfy(rule -> assertThat(rule.bands())
                .allSatisfy(band -> assertThat(band.source()).isNotBlank()));
    }
}
