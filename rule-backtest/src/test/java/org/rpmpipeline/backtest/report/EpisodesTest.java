package org.rpmpipeline.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.backtest.outcome.SimulatedAlert;
import org.rpmpipeline.contract.finding.Severity;

class EpisodesTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Window WINDOW = new Window(T0, T0.plus(Duration.ofDays(1)), Duration.ofHours(6));

    private static SimulatedAlert alert(String id, String patient, String rule, int startMin, int openMin,
            Integer endMin) {
        return new SimulatedAlert(id, patient, rule, T0.plus(Duration.ofMinutes(startMin)),
                T0.plus(Duration.ofMinutes(openMin)), Severity.HIGH,
                endMin == null ? null : T0.plus(Duration.ofMinutes(endMin)), 1);
    }

    @Test
    void overlappingAlertsOfOnePatientAndRuleAreOneEpisode() {
        // the baseline flaps (two alerts), the candidate holds one alert over both
        List<SimulatedAlert> baseline = List.of(alert("b1", "p", "hr", 60, 65, 70), alert("b2", "p", "hr", 80, 82, 90));
        List<SimulatedAlert> candidate = List.of(alert("c1", "p", "hr", 58, 58, 95));

        Episodes.Result result = Episodes.compare(baseline, candidate, WINDOW);

        assertThat(result.baselineOnly()).isEmpty();
        assertThat(result.candidateOnly()).isEmpty();
        assertThat(result.timing().episodes()).isEqualTo(1);
        assertThat(result.timing().caughtByBoth()).isEqualTo(1);
        // episode starts at minute 58: the candidate alerts at once, the baseline 7 minutes later
        assertThat(result.timing().baseline().p50Seconds()).isEqualTo(420);
        assertThat(result.timing().candidate().p50Seconds()).isZero();
        assertThat(result.timing().candidateEarlier()).isEqualTo(1);
    }

    @Test
    void alertsOfOtherPatientsRulesOrTimesAreSeparateEpisodes() {
        List<SimulatedAlert> baseline = List.of(alert("b1", "p", "hr", 60, 60, 70), alert("b2", "q", "hr", 60, 60, 70),
                alert("b3", "p", "spo2", 60, 60, 70));
        List<SimulatedAlert> candidate = List.of(alert("c1", "p", "hr", 71, 71, 80));

        Episodes.Result result = Episodes.compare(baseline, candidate, WINDOW);

        // ordered by opening, then patient and rule
        assertThat(result.baselineOnly()).extracting(SimulatedAlert::alertId).containsExactly("b1", "b3", "b2");
        assertThat(result.candidateOnly()).extracting(SimulatedAlert::alertId).containsExactly("c1");
        assertThat(result.timing().caughtByBoth()).isZero();
        assertThat(result.timing().baseline()).isNull();
    }

    @Test
    void anAlertStillOpenSpansToTheEndOfTheWindow() {
        List<SimulatedAlert> baseline = List.of(alert("b1", "p", "hr", 60, 60, null));
        List<SimulatedAlert> candidate = List.of(alert("c1", "p", "hr", 600, 600, 610));

        Episodes.Result result = Episodes.compare(baseline, candidate, WINDOW);

        assertThat(result.timing().caughtByBoth()).isEqualTo(1);
        assertThat(result.timing().candidateMinusBaseline().p50Seconds()).isEqualTo(540 * 60);
    }

    @Test
    void episodesOpenedOnlyInTheWarmUpAreNotCounted() {
        List<SimulatedAlert> baseline = List.of(alert("b1", "p", "hr", -120, -120, -100));

        Episodes.Result result = Episodes.compare(baseline, List.of(), WINDOW);

        assertThat(result.baselineOnly()).isEmpty();
        assertThat(result.timing().episodes()).isZero();
    }

    @Test
    void statsUseNearestRankPercentiles() {
        Report.Stats stats = Episodes.stats(List.of(10L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));

        assertThat(stats.minSeconds()).isEqualTo(1);
        assertThat(stats.p50Seconds()).isEqualTo(5);
        assertThat(stats.p90Seconds()).isEqualTo(9);
        assertThat(stats.maxSeconds()).isEqualTo(10);
        assertThat(stats.meanSeconds()).isEqualByComparingTo("5.5");
    }
}
