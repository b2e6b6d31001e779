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
            "body-temperature, 36.2", "body-temperature, 37.5", "diastolic-bp, 90",
    })
    void stablePatientRangesNeverTrigger(String vital, String value) {
        assertThat(RULES.evaluateThresholds(Readings.of(VitalType.fromCode(vital), value, AT), AT)).isEmpty();
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
