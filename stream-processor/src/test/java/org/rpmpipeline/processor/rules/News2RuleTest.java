package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.News2.Trigger;

/**
 * NEWS2 over all seven parameters: each input, scale 1 and 2 on air and on oxygen, partial sets, freshness, the
 * score restated while an episode is open, and arrival order.
 */
class News2RuleTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private static final Evaluation NOW = Evaluation.onTime(T0.plusSeconds(3600));
    private final News2Rule scale1 = new News2Rule("news2", 1, "NEWS2", Duration.ofHours(1), 1, "src");
    private final News2Rule scale2 = new News2Rule("news2", 1, "NEWS2", Duration.ofHours(1), 2, "src");
    private final News2Rule reviewing = new News2Rule("news2", 1, "NEWS2", Duration.ofHours(1), 1, 4, null, "src");

    private static Step<News2Rule.State> run(News2Rule rule, Reading... readings) {
        Step<News2Rule.State> step = Step.of(null);
        List<Finding> all = new ArrayList<>();
        for (Reading reading : readings) {
            step = rule.step(step.state(), reading, NOW);
            all.addAll(step.findings());
        }
        return new Step<>(step.state(), all);
    }

    /** A complete, normal set at T0: RR 16, SpO2 97, air, SBP 125, pulse 72, alert, 37.0 Cel: aggregate 0. */
    private static List<Reading> normalSet(Instant at) {
        return List.of(Readings.of(VitalType.RESPIRATORY_RATE, "16", at), Readings.of(VitalType.SPO2, "97", at),
                Readings.of(VitalType.OXYGEN_FLOW, "0", at), Readings.bloodPressure("125", "80", at),
                Readings.of(VitalType.HEART_RATE, "72", at), Readings.of(VitalType.CONSCIOUSNESS, "0", at),
                Readings.of(VitalType.BODY_TEMPERATURE, "37.0", at));
    }

    @Test
    void aSingleParameterScoring3TriggersOnAPartialSetWhichTheFindingCallsALowerBound() {
        Step<News2Rule.State> step = scale1.step(null, Readings.of(VitalType.HEART_RATE, "135", T0), NOW);

        Finding f = step.findings().get(0);
        assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
        assertThat(f.severity()).isEqualTo(Severity.MODERATE);
        assertThat(f.computedValue()).isEqualByComparingTo("3");
        assertThat(f.details()).containsEntry("trigger", "RED_SCORE").containsEntry("score.heart-rate", "3")
                .containsEntry("parameters", "1 of 7").containsEntry("complete", "false")
                .containsEntry("lowerBound", "true").containsEntry("measured", "heart-rate")
                .containsEntry("missing",
                        "respiratory-rate,spo2,air-or-oxygen,systolic-bp,consciousness,body-temperature")
                .containsEntry("age.heart-rate", "PT0S").containsEntry("current", "true");
        assertThat(f.summary()).isEqualTo("NEWS2: aggregate 3 (a single parameter scores 3: urgent ward-based"
                + " response) from 1 of 7 parameters, a lower bound (not measured: respiratory-rate, spo2,"
                + " air-or-oxygen, systolic-bp, consciousness, body-temperature); measured within 0 min");
        assertThat(step.state().trigger()).isEqualTo(Trigger.RED_SCORE);
    }

    @Test
    void allSevenParametersMakeACompleteScoreWithTheirAges() {
        List<Reading> set = new ArrayList<>(normalSet(T0));
        set.remove(5);
        set.add(Readings.of(VitalType.CONSCIOUSNESS, "1", T0.plusSeconds(600)));   // new confusion, last: 3

        Step<News2Rule.State> step = run(scale1, set.toArray(Reading[]::new));

        assertThat(step.findings()).singleElement().satisfies(f -> {
            assertThat(f.computedValue()).isEqualByComparingTo("3");
            assertThat(f.details()).containsEntry("parameters", "7 of 7").containsEntry("complete", "true")
                    .containsEntry("lowerBound", "false").containsEntry("missing", "")
                    .containsEntry("score.consciousness", "3").containsEntry("score.air-or-oxygen", "0")
                    .containsEntry("oxygen", "air").containsEntry("oxygenSource", "reading")
                    .containsEntry("age.heart-rate", "PT10M").containsEntry("age.consciousness", "PT0S");
            assertThat(f.summary()).endsWith("from all 7 parameters; measured within 10 min");
            assertThat(f.evidence()).extracting(e -> e.vital().code()).containsExactly("respiratory-rate",
                    "spo2", "oxygen-flow", "systolic-bp", "heart-rate", "consciousness", "body-temperature");
            assertThat(f.windowStart()).isEqualTo(T0);
            assertThat(f.windowEnd()).isEqualTo(T0.plusSeconds(600));
        });
    }

    @ParameterizedTest(name = "ACVPU {0} scores {1}")
    @CsvSource({"0, 0", "1, 3", "2, 3", "3, 3", "4, 3"})
    void eachAcvpuLevelScoresPerTheChart(String level, int score) {
        List<Reading> set = new ArrayList<>(normalSet(T0));
        set.set(5, Readings.of(VitalType.CONSCIOUSNESS, level, T0));

        News2Rule.State state = run(scale1, set.toArray(Reading[]::new)).state();

        assertThat(scale1.score(state.latest(), T0).subScores()).containsEntry("consciousness", score);
        assertThat(state.trigger()).isEqualTo(score == 3 ? Trigger.RED_SCORE : Trigger.NONE);
    }

    @Test
    void aNewlyConfusedPatientWithNormalVitalsIsAlerted() {
        Step<News2Rule.State> step = run(scale1, normalSet(T0).toArray(Reading[]::new));
        assertThat(step.findings()).isEmpty();

        step = scale1.step(step.state(), Readings.of(VitalType.CONSCIOUSNESS, "1", T0.plusSeconds(60)), NOW);

        assertThat(step.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.MODERATE);
            assertThat(f.details()).containsEntry("trigger", "RED_SCORE").containsEntry("score.consciousness", "3");
        });
    }

    @ParameterizedTest(name = "scale {0}, SpO2 {1}, oxygen {2} -> {3}")
    @CsvSource({
        // scale 1 ignores oxygen for SpO2 but scores it as a parameter
        "1, 97, oxygen-flow 0, 0", "1, 97, oxygen-flow 2, 2", "1, 93, oxygen-flow 2, 4",
        // scale 2 on air: >= 88 scores 0; on oxygen the upper bands score
        "2, 97, oxygen-flow 0, 0", "2, 97, oxygen-flow 2, 5", "2, 95, oxygen-flow 2, 4", "2, 93, oxygen-flow 2, 3",
        "2, 90, oxygen-flow 2, 2", "2, 85, oxygen-flow 0, 2", "2, 83, oxygen-flow 2, 5",
        // concentration: 21 % is air, more is oxygen
        "2, 97, oxygen-concentration 21, 0", "2, 97, oxygen-concentration 28, 5"})
    void airOrOxygenAndTheSpo2ScaleTogether(int scale, String spo2, String oxygen, int aggregate) {
        News2Rule rule = scale == 2 ? scale2 : scale1;
        String[] o = oxygen.split(" ");

        News2Rule.State state = run(rule, Readings.of(VitalType.SPO2, spo2, T0),
                Readings.of(VitalType.fromCode(o[0]), o[1], T0)).state();

        assertThat(rule.score(state.latest(), T0).aggregate()).isEqualTo(aggregate);
    }

    @Test
    void aScale2PatientOnHomeOxygenWithSpo2Of97ScoresThreePlusTwo() {
        News2Rule onHomeOxygen = scale2.forPatient(2, new BigDecimal("2"));

        Step<News2Rule.State> step = onHomeOxygen.step(null, Readings.of(VitalType.SPO2, "97", T0), NOW);

        assertThat(step.findings()).singleElement().satisfies(f -> {
            assertThat(f.computedValue()).isEqualByComparingTo("5");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.details()).containsEntry("score.spo2", "3").containsEntry("score.air-or-oxygen", "2")
                    .containsEntry("oxygen", "oxygen").containsEntry("oxygenSource", "setting")
                    .containsEntry("parameters", "2 of 7");
        });
        assertThat(scale2.step(null, Readings.of(VitalType.SPO2, "97", T0), NOW).findings()).isEmpty();
    }

    @Test
    void aFreshOxygenReadingOverridesTheStandingPrescription() {
        News2Rule onHomeOxygen = scale2.forPatient(2, new BigDecimal("2"));

        News2Rule.State state = run(onHomeOxygen, Readings.of(VitalType.SPO2, "97", T0),
                Readings.of(VitalType.OXYGEN_FLOW, "0", T0.plusSeconds(60))).state();
        News2Rule.Score score = onHomeOxygen.score(state.latest(), T0.plusSeconds(60));

        assertThat(score.aggregate()).isZero();
        assertThat(score.oxygen()).isEqualTo("air");
        assertThat(score.oxygenSource()).isEqualTo("reading");
        // an hour later the reading is stale and the prescription applies again
        assertThat(onHomeOxygen.score(state.latest(), T0.plusSeconds(60 + 3601)).oxygenSource()).isEqualTo("setting");
    }

    @Test
    void theNewerOfFlowAndConcentrationDecides() {
        News2Rule.State state = run(scale1, Readings.of(VitalType.OXYGEN_CONCENTRATION, "35", T0),
                Readings.of(VitalType.OXYGEN_FLOW, "0", T0.plusSeconds(60))).state();
        assertThat(scale1.score(state.latest(), T0.plusSeconds(60)).oxygen()).isEqualTo("air");

        state = run(scale1, Readings.of(VitalType.OXYGEN_FLOW, "0", T0),
                Readings.of(VitalType.OXYGEN_CONCENTRATION, "35", T0.plusSeconds(60))).state();
        assertThat(scale1.score(state.latest(), T0.plusSeconds(60)).oxygen()).isEqualTo("oxygen");
    }

    @Test
    void theScoreIsRestatedOnEveryChangeWhileOpenAndResolvesBelowEveryTrigger() {
        // pulse 115 -> 2, temperature 39.2 -> 2: aggregate 4, no trigger
        Step<News2Rule.State> s = run(scale1, Readings.of(VitalType.HEART_RATE, "115", T0),
                Readings.of(VitalType.BODY_TEMPERATURE, "39.2", T0.plusSeconds(60)));
        assertThat(s.findings()).isEmpty();
        // systolic 105 -> 1: aggregate 5, urgent
        s = scale1.step(s.state(), Readings.bloodPressure("105", "70", T0.plusSeconds(120)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.computedValue()).isEqualByComparingTo("5");
            assertThat(f.evidence()).hasSize(3);
            assertThat(f.windowStart()).isEqualTo(T0);
            assertThat(f.windowEnd()).isEqualTo(T0.plusSeconds(120));
            assertThat(f.details()).containsEntry("oldestParameterAt", T0.toString())
                    .containsEntry("episodeStart", T0.plusSeconds(120).toString());
        });
        // respiration 22 -> 2: aggregate 7, emergency
        s = scale1.step(s.state(), Readings.of(VitalType.RESPIRATORY_RATE, "22", T0.plusSeconds(180)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.computedValue()).isEqualByComparingTo("7");
        });
        // SpO2 94 -> 1: aggregate 8, same trigger: restated with the new score
        s = scale1.step(s.state(), Readings.of(VitalType.SPO2, "94", T0.plusSeconds(240)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.computedValue()).isEqualByComparingTo("8");
            assertThat(f.details()).containsEntry("current", "true")
                    .containsEntry("episodeStart", T0.plusSeconds(120).toString());
        });
        // the same SpO2 again: the score does not change, nothing is emitted
        s = scale1.step(s.state(), Readings.of(VitalType.SPO2, "94", T0.plusSeconds(250)), NOW);
        assertThat(s.findings()).isEmpty();
        // respiration 16 -> 0: aggregate 6, a lower trigger, restated at its own severity
        s = scale1.step(s.state(), Readings.of(VitalType.RESPIRATORY_RATE, "16", T0.plusSeconds(300)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.computedValue()).isEqualByComparingTo("6");
        });
        // pulse 80 -> 0: aggregate 4, below every trigger: resolved
        s = scale1.step(s.state(), Readings.of(VitalType.HEART_RATE, "80", T0.plusSeconds(360)), NOW);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.windowStart()).isEqualTo(T0.plusSeconds(120));
            assertThat(f.computedValue()).isEqualByComparingTo("4");
            assertThat(f.details()).doesNotContainKey("current");
        });
    }

    @Test
    void everyStepOfAnEscalationAtOneInstantHasItsOwnFindingId() {
        // a hub uploads one measurement time for all values: each reading raises the score at the same instant
        Step<News2Rule.State> s = run(scale1, Readings.of(VitalType.HEART_RATE, "135", T0),
                Readings.of(VitalType.RESPIRATORY_RATE, "26", T0), Readings.of(VitalType.SPO2, "90", T0),
                Readings.of(VitalType.CONSCIOUSNESS, "2", T0));

        assertThat(s.findings()).extracting(f -> f.computedValue().intValue()).containsExactly(3, 6, 9, 12);
        assertThat(s.findings()).extracting(Finding::findingId).doesNotHaveDuplicates();
        assertThat(s.findings()).extracting(Finding::windowStart).containsOnly(T0);
    }

    @Test
    void valuesOlderThanTheFreshnessWindowAgeOutAndTheFindingSaysSo() {
        Step<News2Rule.State> s = run(scale1, Readings.of(VitalType.CONSCIOUSNESS, "1", T0),
                Readings.of(VitalType.HEART_RATE, "115", T0.plusSeconds(600)));
        assertThat(s.findings()).hasSize(2);
        // 61 minutes after the confusion was assessed it no longer counts: the red score ends
        s = scale1.step(s.state(), Readings.of(VitalType.HEART_RATE, "116", T0.plusSeconds(3660)), NOW);

        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.details()).containsEntry("missing",
                    "respiratory-rate,spo2,air-or-oxygen,systolic-bp,consciousness,body-temperature");
        });
    }

    @Test
    void anIncompleteSetOnePointBelowTheKeyThresholdGivesALowReviewFinding() {
        Reading pulse = Readings.of(VitalType.HEART_RATE, "115", T0);                 // 2
        Reading temperature = Readings.of(VitalType.BODY_TEMPERATURE, "39.2", T0);    // 2

        Step<News2Rule.State> s = run(reviewing, pulse, temperature);

        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.details()).containsEntry("trigger", "INCOMPLETE").containsEntry("parameters", "2 of 7");
            assertThat(f.summary()).startsWith("NEWS2: aggregate at least 4 (incomplete set, review");
        });
        assertThat(run(scale1, pulse, temperature).findings()).as("without review").isEmpty();
        // the same 4 on a complete set is Chart 4's low score: no finding, and the review resolves
        List<Reading> complete = new ArrayList<>(normalSet(T0.plusSeconds(60)));
        complete.set(4, Readings.of(VitalType.HEART_RATE, "115", T0.plusSeconds(60)));
        complete.set(6, Readings.of(VitalType.BODY_TEMPERATURE, "39.2", T0.plusSeconds(60)));
        Step<News2Rule.State> completed = s;
        List<Finding> later = new ArrayList<>();
        for (Reading r : complete) {
            completed = reviewing.step(completed.state(), r, NOW);
            later.addAll(completed.findings());
        }
        assertThat(later).last().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.details()).containsEntry("parameters", "7 of 7");
        });
        assertThat(completed.state().trigger()).isEqualTo(Trigger.NONE);
    }

    @Test
    void decimalsAreRoundedToTheChartBeforeBanding() {
        assertThat(scale1.step(null, Readings.of(VitalType.SPO2, "91.4", T0), NOW).findings()).singleElement()
                .satisfies(f -> assertThat(f.details()).containsEntry("score.spo2", "3"));
        assertThat(scale1.step(null, Readings.of(VitalType.SPO2, "91.5", T0), NOW).findings()).isEmpty();
    }

    @Test
    void ofTwoValuesMeasuredAtTheSameInstantTheGreaterReadingIdCountsInEitherOrder() {
        Reading a = Readings.of("pat-1", "hr-a", VitalType.HEART_RATE, "135", T0);
        Reading b = Readings.of("pat-1", "hr-b", VitalType.HEART_RATE, "70", T0);
        Reading winner = a.readingId().compareTo(b.readingId()) > 0 ? a : b;

        assertThat(run(scale1, a, b).state().latest().get("heart-rate").readingId()).isEqualTo(winner.readingId());
        assertThat(run(scale1, b, a).state().latest().get("heart-rate").readingId()).isEqualTo(winner.readingId());
    }

    @Test
    void aReadingMeasuredBeforeTheNewestIsScoredAsOfTheNewest() {
        Step<News2Rule.State> s = run(scale1, Readings.of(VitalType.SPO2, "97", T0.plusSeconds(120)),
                Readings.of(VitalType.HEART_RATE, "135", T0));

        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.windowEnd()).isEqualTo(T0.plusSeconds(120));
            assertThat(f.details()).containsEntry("age.heart-rate", "PT2M").containsEntry("score.spo2", "0");
        });
    }

    @Test
    void everyArrivalOrderOfABurstEndsWithTheSameScoreAndTheSameLastFinding() {
        List<Reading> burst = List.of(Readings.of(VitalType.RESPIRATORY_RATE, "23", T0),
                Readings.of(VitalType.SPO2, "93", T0.plusSeconds(5)),
                Readings.of(VitalType.OXYGEN_FLOW, "2", T0.plusSeconds(10)),
                Readings.bloodPressure("98", "60", T0.plusSeconds(15)),
                Readings.of(VitalType.HEART_RATE, "118", T0.plusSeconds(20)),
                Readings.of(VitalType.CONSCIOUSNESS, "0", T0.plusSeconds(25)),
                Readings.of(VitalType.BODY_TEMPERATURE, "38.4", T0.plusSeconds(30)));
        Set<Map<String, Object>> lastFindings = new java.util.HashSet<>();
        Set<News2Rule.State> finalStates = new java.util.HashSet<>();
        int orders = 0;
        for (List<Reading> order : permutations(burst)) {
            Step<News2Rule.State> step = run(scale1, order.toArray(Reading[]::new));
            finalStates.add(new News2Rule.State(step.state().latest(), step.state().trigger(), null,
                    step.state().lastAt()));
            lastFindings.add(content(step.findings().get(step.findings().size() - 1)));
            orders++;
        }

        assertThat(orders).isEqualTo(5040);
        assertThat(finalStates).hasSize(1);
        assertThat(lastFindings).singleElement().satisfies(f -> {
            // 2 + 2 + 2 + 2 + 2 + 0 + 1 = 11
            assertThat(f).containsEntry("value", new BigDecimal("11")).containsEntry("severity", Severity.CRITICAL);
            assertThat((String) f.get("summary")).contains("from all 7 parameters");
        });
    }

    /** What a finding says, without the detection time, the episode start (when the trigger was first reached) and
     * the id derived from both. */
    private static Map<String, Object> content(Finding f) {
        Map<String, String> details = new HashMap<>(f.details());
        details.remove("episodeStart");
        return Map.of("severity", f.severity(), "value", f.computedValue(), "summary", f.summary(),
                "window", List.of(f.windowStart(), f.windowEnd()), "evidence", f.evidence(), "details", details);
    }

    private static List<List<Reading>> permutations(List<Reading> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<Reading>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<Reading> rest = new ArrayList<>(items);
            Reading head = rest.remove(i);
            for (List<Reading> tail : permutations(rest)) {
                List<Reading> order = new ArrayList<>();
                order.add(head);
                order.addAll(tail);
                out.add(order);
            }
        }
        return out;
    }

    @Test
    void readingsWithoutAnyInputDoNotApply() {
        assertThat(scale1.appliesTo(Readings.of(VitalType.BODY_WEIGHT, "80", T0))).isFalse();
        assertThat(scale1.appliesTo(Readings.bloodPressure("120", "80", T0))).isTrue();
        assertThat(scale1.appliesTo(Readings.of(VitalType.CONSCIOUSNESS, "0", T0))).isTrue();
        assertThat(scale1.appliesTo(Readings.of(VitalType.OXYGEN_CONCENTRATION, "21", T0))).isTrue();
    }
}
