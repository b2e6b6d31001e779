package org.rpmpipeline.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.backtest.report.Report.AlertRef;
import org.rpmpipeline.backtest.report.Report.Counts;
import org.rpmpipeline.backtest.report.Report.RuleRow;
import org.rpmpipeline.backtest.report.Report.Stats;

class TerminalReportTest {
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");

    private static Counts counts(long alerts, String perPatientDay) {
        return new Counts(alerts * 2, alerts, alerts, alerts, new BigDecimal(perPatientDay), (int) alerts, alerts, 0,
                Map.of("low", 0L, "moderate", alerts, "high", 0L, "critical", 0L), List.of(alerts));
    }

    private static Report report(List<AlertRef> notRaised, Report.TimeToFirstAlert timing) {
        RuleRow spo2 = new RuleRow("spo2-low", counts(30, "0.3000"), counts(5, "0.0500"));
        return new Report(1, new Report.Period(FROM, FROM.plusSeconds(86400), FROM.minusSeconds(86400),
                List.of(LocalDate.parse("2026-11-01"))), new Report.Input(1000, 200, 100, 100, null, 1, 0, 0, 0),
                new Report.RuleSetInfo("current.yaml", "a".repeat(64), List.of("spo2-low")),
                new Report.RuleSetInfo("candidate.yaml", "b".repeat(64), List.of("spo2-low")),
                new Report.Compared(counts(30, "0.3000"), counts(5, "0.0500")), List.of(spo2),
                List.of(new Report.SeverityRow("moderate", 30, 5, 30, 5)), notRaised, List.of(), timing, false);
    }

    private static List<AlertRef> alerts(int n) {
        return IntStream.range(0, n).mapToObj(i -> new AlertRef("patient-%05d".formatted(i), "spo2-low",
                "moderate", FROM.plusSeconds(60L * i), FROM.plusSeconds(60L * i + 30), null)).toList();
    }

    @Test
    void showsBothRuleSetsSideBySideWithTheChange() {
        String out = TerminalReport.render(report(List.of(), noEpisodes()));

        assertThat(out).contains("backtest 2026-11-01 00:00Z to 2026-11-02 00:00Z (24 h, replayed from "
                + "2026-10-31 00:00Z)");
        assertThat(out).contains("baseline  current.yaml (aaaaaaaaaaaa)").contains("candidate candidate.yaml (bbbbbbbbbbbb)");
        assertThat(out.lines().filter(l -> l.startsWith("spo2-low"))).singleElement().asString()
                .contains("60 / 10").contains("30 / 5").contains("-25 -83%").contains("0.3000 / 0.0500");
        assertThat(out).contains("the rule sets differ");
    }

    @Test
    void listsTheFirstAlertsToReviewWithPatientAndTimeAndPointsToTheFilesForTheRest() {
        String out = TerminalReport.render(report(alerts(25), noEpisodes()));

        assertThat(out).contains("alerts the candidate would NOT have raised: 25 (first 20 below; all in the JSON "
                + "and HTML report)");
        assertThat(out.lines().filter(l -> l.startsWith("  patient-"))).hasSize(TerminalReport.LISTED);
        assertThat(out).contains("  patient-00000        spo2-low               moderate  opened 2026-11-01 00:00Z, "
                + "still open");
        assertThat(out).doesNotContain("patient-00020");
    }

    @Test
    void givesTheTimeToFirstAlertOfTheEpisodesBothCaught() {
        Stats baseline = new Stats(60, 300, 900, 3600, new BigDecimal("500"));
        Stats candidate = new Stats(0, 120, 600, 3600, new BigDecimal("300"));
        Stats diff = new Stats(-300, -180, 0, 0, new BigDecimal("-200"));
        String out = TerminalReport.render(report(List.of(), new Report.TimeToFirstAlert(12, 10, 2, 0, baseline,
                candidate, diff, 7, 0, 3, List.of())));

        assertThat(out).contains("episodes: 12 (both caught 10, baseline only 2, candidate only 0)")
                .contains("time to first alert, episodes both caught: baseline p50 5m, p90 15m, max 1h00m; "
                        + "candidate p50 2m, p90 10m, max 1h00m")
                .contains("candidate earlier in 7, later in 0, same in 3");
    }

    private static Report.TimeToFirstAlert noEpisodes() {
        return new Report.TimeToFirstAlert(0, 0, 0, 0, null, null, null, 0, 0, 0, List.of());
    }
}
