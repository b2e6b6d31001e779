package org.rpmpipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.backtest.outcome.AlertSimulation;
import org.rpmpipeline.backtest.outcome.SimulatedAlert;
import org.rpmpipeline.backtest.replay.LanePlan;
import org.rpmpipeline.backtest.replay.Replay;
import org.rpmpipeline.backtest.report.Report;
import org.rpmpipeline.backtest.report.Report.AlertRef;
import org.rpmpipeline.backtest.report.ReportBuilder;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.rpmpipeline.processor.topology.TopologySettings;

/**
 * The backtest's lanes (the processor's topology in a driver, the alert service's lifecycle) over a hand-built
 * history, comparing heart-rate thresholds: lowering one adds exactly the alerts of the patients between the two
 * thresholds, raising one removes exactly those.
 */
class RuleChangeTopologyTest {
    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final Window WINDOW = new Window(DAY, DAY.plus(Duration.ofDays(2)), Duration.ZERO);

    @TempDir
    Path state;

    /**
     * pat-1 peaks at 106 /min (only a threshold of 100 sees it), pat-2 at 118 after 105 five minutes earlier
     * (100 and 111 see it, 121 does not), pat-3 at 125 (all three), pat-4 stays at 70.
     */
    private static HandBuiltHistory history() {
        return new HandBuiltHistory()
                .heartRate("pat-1", at("10:00"), 105).heartRate("pat-1", at("10:05"), 106)
                .heartRate("pat-1", at("10:10"), 80)
                .heartRate("pat-2", at("11:55"), 105).heartRate("pat-2", at("12:00"), 115)
                .heartRate("pat-2", at("12:05"), 118).heartRate("pat-2", at("12:10"), 75)
                .heartRate("pat-3", at("10:00").plus(Duration.ofDays(1)).minusSeconds(2 * 3600), 125)
                .heartRate("pat-3", at("10:00").plus(Duration.ofDays(1)).minusSeconds(2 * 3600 - 300), 70)
                .heartRate("pat-4", at("09:00"), 70).heartRate("pat-4", at("21:00"), 72);
    }

    @Test
    void loweredThresholdAddsExactlyTheAlertsBetweenTheTwoThresholds() throws Exception {
        Report report = backtest(rules(111), rules(100));

        assertThat(report.raisedOnlyByCandidate()).containsExactly(
                new AlertRef("pat-1", "heart-rate-high", "moderate", at("10:00"), at("10:00").plusSeconds(1),
                        at("10:10").plusSeconds(1)));
        assertThat(report.notRaisedByCandidate()).isEmpty();
        assertThat(report.totals().baseline().alerts()).isEqualTo(2);
        assertThat(report.totals().candidate().alerts()).isEqualTo(3);
        assertThat(report.totals().candidate().patientsAffected()).isEqualTo(3);
        assertThat(report.totals().candidate().notifications()).isEqualTo(3);
        assertThat(report.identical()).isFalse();
    }

    @Test
    void loweredThresholdAlertsEarlierInTheEpisodeBothCaught() throws Exception {
        Report.TimeToFirstAlert timing = backtest(rules(111), rules(100)).timeToFirstAlert();

        // pat-2: 105 at 11:55 opens the candidate's alert, 115 at 12:00 the baseline's; pat-3: both at once
        assertThat(timing.episodes()).isEqualTo(3);
        assertThat(timing.caughtByBoth()).isEqualTo(2);
        assertThat(timing.candidateOnly()).isEqualTo(1);
        assertThat(timing.candidateEarlier()).isEqualTo(1);
        assertThat(timing.same()).isEqualTo(1);
        assertThat(timing.candidateMinusBaseline().minSeconds()).isEqualTo(-300);
        assertThat(timing.baseline().maxSeconds()).isEqualTo(301);
    }

    @Test
    void raisedThresholdRemovesExactlyTheAlertsBetweenTheTwoThresholds() throws Exception {
        Report report = backtest(rules(111), rules(121));

        assertThat(report.notRaisedByCandidate()).containsExactly(
                new AlertRef("pat-2", "heart-rate-high", "moderate", at("12:00"), at("12:00").plusSeconds(1),
                        at("12:10").plusSeconds(1)));
        assertThat(report.raisedOnlyByCandidate()).isEmpty();
        assertThat(report.totals().candidate().alerts()).isEqualTo(1);
        assertThat(report.rules()).singleElement().satisfies(row -> {
            assertThat(row.baseline().alertsPerDay()).containsExactly(1L, 1L);
            assertThat(row.candidate().alertsPerDay()).containsExactly(0L, 1L);
        });
    }

    @Test
    void theSameRulesShowNoDifferenceEvenWhenEveryRuleRunsAsACopyOfItsOwn() throws Exception {
        Report report = backtest(rules(111), rules(111), false, history());

        assertThat(report.identical()).isTrue();
        assertThat(report.notRaisedByCandidate()).isEmpty();
        assertThat(report.raisedOnlyByCandidate()).isEmpty();
        assertThat(report.totals().baseline()).isEqualTo(report.totals().candidate());
        assertThat(report.timeToFirstAlert().same()).isEqualTo(2);
    }

    @Test
    void aPatientsPersonalBandsReachTheCandidatesCopyOfTheRuleToo() throws Exception {
        // pat-4's personal band (>= 65 /min) makes both rule sets alert on its 70 at 09:00, whatever their bands
        HandBuiltHistory history = history().personalBand("pat-4", DAY, "heart-rate-high", Severity.MODERATE, ">=",
                65);

        Report report = backtest(rules(111), rules(121), true, history);

        assertThat(report.notRaisedByCandidate()).extracting(AlertRef::patientId).containsExactly("pat-2");
        assertThat(report.totals().baseline().alerts()).isEqualTo(3);
        assertThat(report.totals().candidate().alerts()).isEqualTo(2);
    }

    @Test
    void eachReadingIsJudgedByThePersonalSettingsInForceWhenItWasMeasured() throws Exception {
        // pat-5: version 1 (>= 65 /min) from midnight; version 2 (>= 55 /min) published at 11:00, in force from
        // 12:00. 70 at 09:00 opens an alert, 60 at 10:00 resolves it (v1), 60 at 11:30 raises nothing (v2 is
        // known but not yet in force), 60 at 13:00 opens a second alert (v2)
        HandBuiltHistory history = history()
                .personalBand("pat-5", 1, DAY, DAY, "heart-rate-high", Severity.MODERATE, ">=", 65)
                .personalBand("pat-5", 2, at("12:00"), at("11:00"), "heart-rate-high", Severity.MODERATE, ">=", 55)
                .heartRate("pat-5", at("09:00"), 70).heartRate("pat-5", at("10:00"), 60)
                .heartRate("pat-5", at("11:30"), 60).heartRate("pat-5", at("13:00"), 60);

        Simulations sims = simulate(rules(111), rules(121), true, history);

        List<String> expected = List.of(
                "heart-rate-high opened " + at("09:00").plusSeconds(1) + " resolved " + at("10:00").plusSeconds(1),
                "heart-rate-high opened " + at("13:00").plusSeconds(1) + " resolved null");
        assertThat(alertsOf("pat-5", sims.baseline())).containsExactlyElementsOf(expected);
        assertThat(alertsOf("pat-5", sims.candidate())).containsExactlyElementsOf(expected);
    }

    private Report backtest(RulesFile baseline, RulesFile candidate) throws Exception {
        return backtest(baseline, candidate, true, history());
    }

    /** Both rule sets through the lanes the backtest plans for them, as {@code Backtest} runs them. */
    private Report backtest(RulesFile baseline, RulesFile candidate, boolean shareIdentical, HandBuiltHistory history)
            throws Exception {
        Simulations sims = simulate(baseline, candidate, shareIdentical, history);
        Report.Input input = new Report.Input(11, 0, 4, 5, null, 0, 0, 0, 0);
        return ReportBuilder.build(WINDOW, input, new ReportBuilder.Side(baseline, sims.base.alerts(),
                sims.base.tally()), new ReportBuilder.Side(candidate, sims.cand.alerts(), sims.cand.tally()));
    }

    private Simulations simulate(RulesFile baseline, RulesFile candidate, boolean shareIdentical,
            HandBuiltHistory history) throws Exception {
        Replay replay = new Replay(new TopologySettings(Duration.ofDays(7), Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofHours(1)), Duration.ofMinutes(15), state, Duration.ofSeconds(5));
        CareTeams teams = CareTeams.single("care-team");
        AlertSimulation base = new AlertSimulation(WINDOW, teams, List.of());
        AlertSimulation cand = new AlertSimulation(WINDOW, teams, List.of());
        List<LanePlan.Lane> lanes = LanePlan.plan(baseline.rules(), candidate.rules(), shareIdentical);
        for (int i = 0; i < lanes.size(); i++) {
            replay.replay(lanes.get(i), "test-lane" + i, state.resolve("lane" + i), WINDOW, history.batches(3),
                    (side, finding) -> (side == LanePlan.Side.BASELINE ? base : cand).accept(finding));
        }
        return new Simulations(base, cand);
    }

    private record Simulations(AlertSimulation base, AlertSimulation cand) {
        List<SimulatedAlert> baseline() {
            return base.alerts();
        }

        List<SimulatedAlert> candidate() {
            return cand.alerts();
        }
    }

    /** The patient's alerts in opening order, as "rule opened ... resolved ...". */
    private static List<String> alertsOf(String patient, List<SimulatedAlert> alerts) {
        return alerts.stream().filter(a -> a.patientId().equals(patient))
                .map(a -> a.ruleId() + " opened " + a.openedAt() + " resolved " + a.resolvedAt()).toList();
    }

    private static RulesFile rules(int moderateFrom) {
        String yaml = """
                schemaVersion: 1
                rules:
                  - id: heart-rate-high
                    kind: threshold
                    version: 1
                    description: Heart rate high
                    vital: heart-rate
                    unit: /min
                    bands:
                      - {severity: moderate, operator: ">=", value: %d, source: test}
                      - {severity: high, operator: ">=", value: 131, source: test}
                """.formatted(moderateFrom);
        return new RulesFile("heart-rate-" + moderateFrom + ".yaml", "0".repeat(64),
                RuleSetLoader.parse(yaml, "test"));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-03-02T" + time + ":00Z");
    }
}
