package org.rpmpipeline.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.backtest.report.Report.AlertRef;
import org.rpmpipeline.backtest.report.Report.Counts;
import org.rpmpipeline.backtest.report.Report.RuleRow;

class HtmlReportTest {
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");

    private static Counts counts(long alerts, List<Long> perDay) {
        return new Counts(alerts * 2, alerts, alerts, alerts, new BigDecimal("0.0100"), (int) alerts, alerts, 0,
                Map.of("low", 0L, "moderate", alerts, "high", 0L, "critical", 0L), perDay);
    }

    private static Report report() {
        List<LocalDate> days = List.of(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02"));
        RuleRow spo2 = new RuleRow("spo2-low", counts(3, List.of(1L, 2L)), counts(1, List.of(0L, 1L)));
        RuleRow weird = new RuleRow("<b>odd</b>", counts(0, List.of(0L, 0L)), counts(0, List.of(0L, 0L)));
        return new Report(1, new Report.Period(FROM, FROM.plusSeconds(2 * 86400), FROM, days),
                new Report.Input(100, 0, 5, 10, null, 0, 0, 0, 0),
                new Report.RuleSetInfo("current.yaml", "a".repeat(64), List.of("spo2-low", "<b>odd</b>")),
                new Report.RuleSetInfo("candidate.yaml", "b".repeat(64), List.of("spo2-low", "<b>odd</b>")),
                new Report.Compared(counts(3, List.of(1L, 2L)), counts(1, List.of(0L, 1L))), List.of(spo2, weird),
                List.of(), List.of(new AlertRef("pat-7", "spo2-low", "high", FROM, FROM.plusSeconds(60), null),
                        new AlertRef("pat-8", "spo2-low", "high", FROM, FROM.plusSeconds(90), FROM.plusSeconds(900))),
                List.of(), new Report.TimeToFirstAlert(0, 0, 0, 0, null, null, null, 0, 0, 0, List.of()), false);
    }

    @Test
    void isOnePageWithAChartPerRuleAndNothingFromElsewhere() {
        String html = HtmlReport.render(report());

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html.split("<svg ", -1)).hasSize(3);
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("@import");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http");
        assertThat(html).contains("<title>2026-11-02: baseline 2 alerts</title>");
        assertThat(html).contains("<td>pat-7</td><td>spo2-low</td><td>high</td>").contains("still open");
        assertThat(html).contains("Alerts the candidate would not have raised (2)");
    }

    @Test
    void escapesEverythingItShows() {
        String html = HtmlReport.render(report());

        assertThat(html).doesNotContain("<b>odd</b>").contains("&lt;b&gt;odd&lt;/b&gt;");
    }

    @Test
    void theSameReportRendersTheSameBytes() {
        assertThat(HtmlReport.render(report())).isEqualTo(HtmlReport.render(report()));
        assertThat(JsonReport.render(report())).isEqualTo(JsonReport.render(report()));
        assertThat(TerminalReport.render(report())).contains("spo2-low").contains("pat-7");
    }

    @Test
    void durationsAreShort() {
        assertThat(TerminalReport.duration(0)).isEqualTo("0s");
        assertThat(TerminalReport.duration(-300)).isEqualTo("-5m");
        assertThat(TerminalReport.duration(3 * 3600 + 300)).isEqualTo("3h05m");
        assertThat(TerminalReport.duration(2 * 86400 + 4 * 3600)).isEqualTo("2d04h");
    }
}
