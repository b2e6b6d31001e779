package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;

class RuleSetLoaderTest {
    private static final String VALID = """
            schemaVersion: 1
            rules:
              - id: spo2-low
                kind: threshold
                version: 2
                description: Oxygen saturation low
                vital: spo2
                unit: "%"
                bands:
                  - {severity: high, operator: "<=", value: 92, source: "guideline x"}
                  - {severity: critical, operator: "<", value: 87.5, source: "product decision"}
            """;

    @Test
    void parsesAValidFile() {
        RuleSet rules = RuleSetLoader.parse(VALID, "test");

        assertThat(rules.thresholds()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("spo2-low");
            assertThat(rule.version()).isEqualTo(2);
            assertThat(rule.vital()).isEqualTo(VitalType.SPO2);
            assertThat(rule.bands()).extracting(Band::severity).containsExactly(Severity.HIGH, Severity.CRITICAL);
            assertThat(rule.bands().get(1).bound()).isEqualByComparingTo("87.5");
            assertThat(rule.bands().get(1).comparison()).isEqualTo(Comparison.LESS);
        });
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, VALID);

        assertThat(RuleSetLoader.load(file).thresholds()).hasSize(1);
    }

    @Test
    void bundledDefaultsLoad() {
        assertThat(RuleSetLoader.loadDefault().thresholds()).extracting(ThresholdRule::id).contains("spo2-low",
                "heart-rate-high", "heart-rate-low", "systolic-bp-low", "systolic-bp-high", "temperature-high",
                "temperature-low");
    }

    @Test
    void unitOtherThanTheVitalsUcumUnitNamesRuleAndField() {
        assertProblem(VALID.replace("unit: \"%\"", "unit: percent"),
                "rule spo2-low: unit: must be \"%\" (the UCUM unit of spo2), was \"percent\"");
    }

    @Test
    void bandWithoutSourceNamesRuleAndField() {
        assertProblem(VALID.replace(", source: \"guideline x\"", ""),
                "rule spo2-low: bands[0].source: a non-empty text is required, was missing");
    }

    @Test
    void badSeverityOperatorAndValueAreAllReported() {
        String yaml = VALID.replace("severity: high", "severity: severe").replace("\"<=\"", "\"=<\"")
                .replace("value: 92", "value: ninety");
        assertThatThrownBy(() -> RuleSetLoader.parse(yaml, "test")).isInstanceOfSatisfying(RuleSetException.class,
                e -> assertThat(e.problems()).containsExactly(
                        "rule spo2-low: bands[0].severity: must be one of [low, moderate, high, critical], was \"severe\"",
                        "rule spo2-low: bands[0].operator: must be one of <, <=, >, >=, was \"=<\"",
                        "rule spo2-low: bands[0].value: a number is required, was \"ninety\""));
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, VALID.replace("severity: high", "severity: severe")
                .replace("version: 2", "version: 2\n    treshold: 3"));

        assertThatThrownBy(() -> RuleSetLoader.load(file)).isInstanceOfSatisfying(RuleSetException.class,
                e -> assertThat(e.lines()).containsExactly(
                        file + ":6: rule spo2-low: treshold: unknown field (known: [bands, description, id, kind,"
                                + " unit, version, vital])",
                        file + ":11: rule spo2-low: bands[0].severity: must be one of [low, moderate, high,"
                                + " critical], was \"severe\""));
    }

    @Test
    void unknownFieldIsAnError() {
        assertProblem(VALID.replace("version: 2", "version: 2\n    treshold: 3"),
                "rule spo2-low: treshold: unknown field (known: [bands, description, id, kind, unit, version, vital])");
    }

    @Test
    void unknownKindAndVitalAreErrors() {
        assertProblem(VALID.replace("kind: threshold", "kind: magic"),
                "rule spo2-low: kind: must be one of [threshold, sustained, trend, news2, no-data, adherence], was \"magic\"");
        assertThatThrownBy(() -> RuleSetLoader.parse(VALID.replace("vital: spo2", "vital: spo3"), "test"))
                .hasMessageContaining("rule spo2-low: vital: unknown vital \"spo3\"");
    }

    @Test
    void panelVitalIsRefused() {
        assertThatThrownBy(() -> RuleSetLoader.parse(VALID.replace("vital: spo2", "vital: blood-pressure"), "test"))
                .hasMessageContaining("rule spo2-low: vital: blood-pressure is a panel");
    }

    @Test
    void duplicateIdsAndMissingVersionAreErrors() {
        String twice = VALID + VALID.substring(VALID.indexOf("  - id")).replace("version: 2", "version: 0");
        assertThatThrownBy(() -> RuleSetLoader.parse(twice, "test")).isInstanceOfSatisfying(RuleSetException.class,
                e -> assertThat(e.problems()).contains("rule spo2-low: id: duplicate id",
                        "rule spo2-low: version: a positive integer is required, was \"0\""));
    }

    @Test
    void emptyOrMalformedFilesAreErrors() {
        assertThatThrownBy(() -> RuleSetLoader.parse("rules: []", "f.yaml"))
                .hasMessageContaining("invalid rules in f.yaml").hasMessageContaining("rules: a non-empty list");
        assertThatThrownBy(() -> RuleSetLoader.parse("rules: [", "f.yaml")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> RuleSetLoader.parse("- a", "f.yaml")).hasMessageContaining("must be a mapping");
    }

    private static void assertProblem(String yaml, String problem) {
        assertThatThrownBy(() -> RuleSetLoader.parse(yaml, "test")).isInstanceOfSatisfying(RuleSetException.class,
                e -> assertThat(e.problems()).containsExactly(problem));
    }

    @Test
    void everyKindParsesWithItsFields() {
        RuleSet rules = RuleSetLoader.parse("""
                rules:
                  - {id: s, kind: sustained, version: 1, description: d, vital: spo2, unit: "%", operator: "<",
                     value: 90, min-duration: 5m, max-gap: PT2M, min-samples: 3, severity: high, source: x}
                  - {id: t, kind: trend, version: 1, description: d, vital: body-weight, unit: kg, window: 3d,
                     operator: ">", change: 2.0, severity: moderate, source: x}
                  - {id: n, kind: news2, version: 1, description: d, freshness: 1h, spo2-scale: 2, source: x}
                  - {id: q, kind: no-data, version: 1, description: d, silence: 36h, severity: low, source: x}
                  - {id: a, kind: adherence, version: 1, description: d, period-days: 30, required-days: 16,
                     severity: low, source: x}
                """, "test");

        assertThat(rules.rules()).hasExactlyElementsOfTypes(SustainedRule.class, TrendRule.class, News2Rule.class,
                NoDataRule.class, AdherenceRule.class);
        SustainedRule sustained = (SustainedRule) rules.rules().get(0);
        assertThat(sustained.minDuration()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(sustained.maxGap()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(((News2Rule) rules.rules().get(2)).spo2Scale()).isEqualTo(2);
        assertThat(rules.noData()).isPresent();
    }

    @Test
    void badFieldsOfTheOtherKindsNameRuleAndField() {
        assertThatThrownBy(() -> RuleSetLoader.parse("""
                rules:
                  - {id: s, kind: sustained, version: 1, description: d, vital: spo2, unit: "%", operator: "<",
                     value: 90, min-duration: soon, max-gap: 2m, min-samples: 3, severity: high}
                  - {id: n, kind: news2, version: 1, description: d, freshness: 1h, spo2-scale: 3, source: x}
                  - {id: a, kind: adherence, version: 1, description: d, period-days: 30, required-days: 31,
                     severity: low, source: x}
                  - {id: t, kind: trend, version: 1, description: d, vital: body-weight, unit: "[lb_av]",
                     window: 3d, operator: ">", change: 2.0, severity: moderate, source: x}
                """, "test")).isInstanceOfSatisfying(RuleSetException.class, e -> assertThat(e.problems())
                .contains("rule s: min-duration: a duration such as 30s, 5m, 2h or 3d is required, was \"soon\"",
                        "rule s: source: a non-empty text is required, was missing",
                        "rule n: spo2-scale: must be 1 or 2, was \"3\"",
                        "rule a: required-days: must not exceed period-days (30), was 31",
                        "rule t: unit: must be \"kg\" (the UCUM unit of body-weight), was \"[lb_av]\""));
    }

    @Test
    void twoNoDataRulesAreRefused() {
        assertThatThrownBy(() -> RuleSetLoader.parse("""
                rules:
                  - {id: q1, kind: no-data, version: 1, description: d, silence: 36h, severity: low, source: x}
                  - {id: q2, kind: no-data, version: 1, description: d, silence: 12h, severity: low, source: x}
                """, "test")).hasMessageContaining("at most one no-data rule");
    }
}
