package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.News2.Trigger;

class News2RuleTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private static final Evaluation NOW = Evaluation.onTime(T0.plusSeconds(3600));
    private final News2Rule scale1 = new News2Rule("news2", 1, "NEWS2", Duration.ofHours(1), 1, "src");

    @Test
    void missingParametersAreReportedNotScoredZero() {
        Step<News2Rule.State> step = scale1.step(null, Readings.of(VitalType.HEART_RATE, "135", T0), NOW);

        Finding f = step.findings().get(0);
        assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
        assertThat(f.severity()).isEqualTo(Severity.MODERATE);
        assertThat(f.computedValue()).isEqualByComparingTo("3");
        assertThat(f.details()).containsEntry("trigger", "RED_SCORE").containsEntry("score.heart-rate", "3")
                .containsEntry("missing",
                        "respiratory-rate,spo2,systolic-bp,body-temperature,consciousness,supplemental-oxygen");
        assertThat(step.state().trigger()).isEqualTo(Trigger.RED_SCORE);
    }

    @Test
    void aggregatesLatestFreshValuesEscalatesOnceAndResolves() {
        // pulse 115 -> 2, temperature 39.2 -> 2: aggregate 4, no trigger
        Step<News2Rule.State> s = scale1.step(null, Readings.of(VitalType.HEART_RATE, "115", T0), NOW);
        s = scale1.step(s.state(), Readings.of(VitalType.BODY_TEMPERATURE, "39.2", T0.plusSeconds(60)), NOW);
        assertThat(s.findings()).isEmpty();
        // systolic 105 -> 1: aggregate 5, urgent
        s = scale1.step(s.state(), Readings.bloodPressure("105", "70", T0.plusSeconds(120)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.computedValue()).isEqualByComparingTo("5");
            assertThat(f.evidence()).hasSize(3);
            assertThat(f.windowStart()).isEqualTo(T0.plusSeconds(120));
            assertThat(f.details()).containsEntry("oldestParameterAt", T0.toString());
        });
        // SpO2 93 -> 2: aggregate 7, emergency (escalation)
        s = scale1.step(s.state(), Readings.of(VitalType.SPO2, "93", T0.plusSeconds(180)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        // SpO2 96 -> 0: aggregate 5, still within the open episode: nothing new
        s = scale1.step(s.state(), Readings.of(VitalType.SPO2, "96", T0.plusSeconds(240)), NOW);
        assertThat(s.findings()).isEmpty();
        // pulse 80 -> 0: aggregate 3, below every trigger: resolved
        s = scale1.step(s.state(), Readings.of(VitalType.HEART_RATE, "80", T0.plusSeconds(300)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.windowStart()).isEqualTo(T0.plusSeconds(120));
            assertThat(f.computedValue()).isEqualByComparingTo("3");
        });
    }

    @Test
    void valuesOlderThanTheFreshnessWindowDoNotCount() {
        Step<News2Rule.State> s = scale1.step(null, Readings.of(VitalType.HEART_RATE, "115", T0), NOW);
        s = scale1.step(s.state(), Readings.of(VitalType.BODY_TEMPERATURE, "39.2", T0.plusSeconds(3601)), NOW);
        s = scale1.step(s.state(), Readings.bloodPressure("105", "70", T0.plusSeconds(3602)), NOW);

        assertThat(s.findings()).isEmpty();
        assertThat(scale1.score(s.state().latest(), T0.plusSeconds(3602)).missing()).contains("heart-rate");
    }

    @Test
    void scale2ScoresHypercapnicTargetsAsNormal() {
        News2Rule scale2 = new News2Rule("news2", 1, "NEWS2", Duration.ofHours(1), 2, "src");
        Reading spo2 = Readings.of(VitalType.SPO2, "89", T0);

        assertThat(scale2.step(null, spo2, NOW).findings()).isEmpty();
        assertThat(scale1.step(null, spo2, NOW).findings()).singleElement()
                .satisfies(f -> assertThat(f.details()).containsEntry("score.spo2", "3"));
    }

    @Test
    void readingWithoutScoredVitalDoesNotApply() {
        assertThat(scale1.appliesTo(Readings.of(VitalType.BODY_WEIGHT, "80", T0))).isFalse();
        assertThat(scale1.appliesTo(Readings.bloodPressure("120", "80", T0))).isTrue();
    }
}
