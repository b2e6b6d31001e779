package org.rpmpipeline.backtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rpmpipeline.backtest.report.Report.AlertRef;
import org.rpmpipeline.backtest.report.Report.Bucket;
import org.rpmpipeline.backtest.report.Report.Counts;
import org.rpmpipeline.backtest.report.Report.RuleRow;
import org.rpmpipeline.backtest.report.Report.SeverityRow;
import org.rpmpipeline.backtest.report.Report.Stats;
import org.rpmpipeline.backtest.report.Report.TimeToFirstAlert;

/**
 * The report as one self-contained HTML page: tables, and inline SVG charts (alerts per day, one per rule; time
 * to first alert). No script, no stylesheet or font from elsewhere, so it opens offline and can be archived with
 * a sign-off. It shows opaque patient ids and times only.
 */
public final class HtmlReport {
    /** Rows of each review list shown on the page; the JSON file has all of them. */
    static final int MAX_ROWS = 5_000;

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}"
            + "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em;"
            + "text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f3f4f6}"
            + ".b{color:#5c6670}.c{color:#1f6fb4}.more{color:#b42318}.fewer{color:#067647}"
            + "figure{margin:0 0 1.5em}figcaption{font-weight:600;margin-bottom:.3em}.note{color:#555;font-size:.9em}";

    private HtmlReport() {
    }

    public static void write(Report report, Path file) throws IOException {
        Files.writeString(file, render(report));
    }

    public static String render(Report report) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Rule backtest ").append(TerminalReport.time(report.window().from())).append(" to ")
                .append(TerminalReport.time(report.window().to())).append("</title><style>").append(STYLE)
                .append("</style></head><body>");
        header(h, report);
        h.append("<h2>Summary</h2>");
        countsTable(h, List.of(new RuleRow("all rules", report.totals().baseline(), report.totals().candidate())));
        h.append("<p>").append(report.identical()
                ? "No difference: the candidate raises exactly the baseline's alerts."
                : "The rule sets differ: " + report.notRaisedByCandidate().size()
                        + " baseline alerts would not have been raised, " + report.raisedOnlyByCandidate().size()
                        + " alerts would be new.").append("</p>");
        h.append("<h2>Per rule</h2>");
        countsTable(h, report.rules());
        severityTable(h, report.severities());
        h.append("<h2>Alerts per day, per rule</h2>");
        List<String> days = report.window().days().stream().map(LocalDate::toString).toList();
        for (RuleRow row : report.rules()) {
            h.append("<figure><figcaption>").append(Html.escape(row.ruleId())).append("</figcaption>")
                    .append(SvgChart.bars("alerts per day of " + row.ruleId(), days, row.baseline().alertsPerDay(),
                            row.candidate().alertsPerDay(), shownDays(days.size()), "alerts"))
                    .append("</figure>");
        }
        timing(h, report.timeToFirstAlert());
        alerts(h, "Alerts the candidate would not have raised", "The baseline raised these; in their episodes "
                + "the candidate raised no alert. Review each one.", report.notRaisedByCandidate());
        alerts(h, "Alerts only the candidate would have raised", "In these episodes the baseline raised no alert.",
                report.raisedOnlyByCandidate());
        definitions(h);
        return h.append("</body></html>\n").toString();
    }

    private static void header(StringBuilder h, Report report) {
        Report.Input in = report.input();
        h.append("<h1>Rule backtest: candidate against baseline</h1><p>Window <b>")
                .append(TerminalReport.time(report.window().from())).append("</b> to <b>")
                .append(TerminalReport.time(report.window().to())).append("</b> (")
                .append(TerminalReport.span(report.window().from(), report.window().to())).append("; rules run from ")
                .append(TerminalReport.time(report.window().replayFrom())).append(" to build state).</p>");
        h.append("<table><tr><th></th><th>file</th><th>SHA-256</th><th>rules</th></tr>");
        ruleSetRow(h, "baseline", "b", report.baseline());
        ruleSetRow(h, "candidate", "c", report.candidate());
        h.append("</table>");
        h.append(String.format(Locale.ROOT, "<p>%,d readings of %,d patients (%,d patient-days) in the window%s; "
                + "%,d readings of warm-up; %,d undecodable readings skipped; %,d per-patient threshold records, "
                + "%,d device-status records and %,d snoozes replayed.</p>", in.readings(), in.patients(),
                in.patientDays(), in.patientFilter() == null ? "" : ", patients filtered to " + in.patientFilter()
                        + " listed", in.warmUpReadings(), in.undecodableReadings(), in.patientThresholdRecords(),
                in.deviceStatusRecords(), in.snoozes()));
    }

    private static void ruleSetRow(StringBuilder h, String name, String css, Report.RuleSetInfo info) {
        h.append("<tr><td class=\"").append(css).append("\">").append(name).append("</td><td>")
                .append(Html.escape(info.file())).append("</td><td><code>").append(info.sha256())
                .append("</code></td><td>").append(Html.escape(String.join(", ", info.ruleIds())))
                .append("</td></tr>");
    }

    private static void countsTable(StringBuilder h, List<RuleRow> rows) {
        h.append("<table><tr><th rowspan=\"2\">rule</th><th colspan=\"2\">findings</th><th colspan=\"3\">alerts</th>"
                + "<th colspan=\"2\">alerts per patient-day</th><th colspan=\"2\">patients with alerts</th>"
                + "<th colspan=\"2\">notifications</th><th colspan=\"2\">held</th></tr><tr>"
                + "<th class=\"b\">B</th><th class=\"c\">C</th><th class=\"b\">B</th><th class=\"c\">C</th>"
                + "<th>change</th>" + "<th class=\"b\">B</th><th class=\"c\">C</th>".repeat(4) + "</tr>");
        for (RuleRow row : rows) {
            Counts b = row.baseline();
            Counts c = row.candidate();
            long change = c.alerts() - b.alerts();
            h.append("<tr><td>").append(Html.escape(row.ruleId())).append("</td>")
                    .append(cells(b.findings(), c.findings(), b.alerts(), c.alerts()))
                    .append("<td class=\"").append(change > 0 ? "more" : change < 0 ? "fewer" : "").append("\">")
                    .append(change == 0 ? "0" : String.format(Locale.ROOT, "%+d", change)).append("</td><td>")
                    .append(b.alertsPerPatientDay().toPlainString()).append("</td><td>")
                    .append(c.alertsPerPatientDay().toPlainString()).append("</td>")
                    .append(cells(b.patientsAffected(), c.patientsAffected(), b.notifications(), c.notifications(),
                            b.notificationsHeld(), c.notificationsHeld()))
                    .append("</tr>");
        }
        h.append("</table>");
    }

    private static void severityTable(StringBuilder h, List<SeverityRow> rows) {
        h.append("<h3>By severity</h3><table><tr><th rowspan=\"2\">severity</th><th colspan=\"2\">active findings"
                + "</th><th colspan=\"2\">alerts (highest severity reached)</th></tr><tr>"
                + "<th class=\"b\">B</th><th class=\"c\">C</th>".repeat(2) + "</tr>");
        for (SeverityRow s : rows) {
            h.append("<tr><td>").append(s.severity()).append("</td>")
                    .append(cells(s.baselineFindings(), s.candidateFindings(), s.baselineAlerts(), s.candidateAlerts()))
                    .append("</tr>");
        }
        h.append("</table>");
    }

    private static void timing(StringBuilder h, TimeToFirstAlert t) {
        h.append("<h2>Time to first alert</h2><p>").append(t.episodes()).append(" episodes: both caught ")
                .append(t.caughtByBoth()).append(", baseline only ").append(t.baselineOnly())
                .append(", candidate only ").append(t.candidateOnly()).append(".</p>");
        if (t.caughtByBoth() == 0) {
            return;
        }
        h.append("<table><tr><th>episodes both caught</th><th>min</th><th>p50</th><th>p90</th><th>max</th>"
                + "<th>mean</th></tr>");
        statsRow(h, "baseline", t.baseline());
        statsRow(h, "candidate", t.candidate());
        statsRow(h, "candidate minus baseline", t.candidateMinusBaseline());
        h.append("</table><p>The candidate alerted earlier in ").append(t.candidateEarlier()).append(", later in ")
                .append(t.candidateLater()).append(" and at the same time in ").append(t.same())
                .append(" episodes.</p>");
        List<String> labels = t.histogram().stream().map(Bucket::label).toList();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            all.add(i);
        }
        h.append("<figure><figcaption>Episodes by time to first alert</figcaption>")
                .append(SvgChart.bars("episodes by time to first alert", labels,
                        t.histogram().stream().map(b -> (long) b.baseline()).toList(),
                        t.histogram().stream().map(b -> (long) b.candidate()).toList(), all, "episodes"))
                .append("</figure>");
    }

    private static void statsRow(StringBuilder h, String name, Stats s) {
        h.append("<tr><td>").append(name).append("</td><td>").append(TerminalReport.duration(s.minSeconds()))
                .append("</td><td>").append(TerminalReport.duration(s.p50Seconds())).append("</td><td>")
                .append(TerminalReport.duration(s.p90Seconds())).append("</td><td>")
                .append(TerminalReport.duration(s.maxSeconds())).append("</td><td>")
                .append(TerminalReport.duration(s.meanSeconds().longValue())).append("</td></tr>");
    }

    private static void alerts(StringBuilder h, String title, String note, List<AlertRef> alerts) {
        h.append("<h2>").append(title).append(" (").append(alerts.size()).append(")</h2><p class=\"note\">")
                .append(note).append(alerts.size() > MAX_ROWS ? " The first " + MAX_ROWS
                        + " are listed; the JSON report has all of them." : "").append("</p>");
        if (alerts.isEmpty()) {
            return;
        }
        h.append("<table><tr><th>patient</th><th>rule</th><th>severity</th><th>episode began</th>"
                + "<th>alert opened</th><th>resolved</th></tr>");
        for (AlertRef a : alerts.subList(0, Math.min(MAX_ROWS, alerts.size()))) {
            h.append("<tr><td>").append(Html.escape(a.patientId())).append("</td><td>")
                    .append(Html.escape(a.ruleId())).append("</td><td>").append(a.severity()).append("</td><td>")
                    .append(a.episodeStart()).append("</td><td>").append(a.openedAt()).append("</td><td>")
                    .append(a.resolvedAt() == null ? "still open" : a.resolvedAt().toString()).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void definitions(StringBuilder h) {
        h.append("<h2>How to read this</h2><ul class=\"note\">")
                .append("<li>B = baseline, C = candidate. Both replayed the same readings, per-patient thresholds ")
                .append("and device status through the stream processor's own topology.</li>")
                .append("<li>An <b>alert</b> is what the alert service would have opened: at most one unresolved ")
                .append("alert per patient and rule; findings merged into it or raising it are not new alerts. ")
                .append("Counted when opened inside the window; its severity is the highest it reached.</li>")
                .append("<li><b>Notifications</b>: one per first-tier recipient for each alert opening or severity ")
                .append("raise, after the care team's severity floors, quiet hours and the clinicians' snoozes; ")
                .append("<b>held</b> when the policy let nobody be told. Reminders and escalations are not counted: ")
                .append("they depend on acknowledgements no replay can know.</li>")
                .append("<li>An <b>episode</b> of a patient and rule: alerts of either rule set whose spans (from the ")
                .append("condition's start to the alert's resolution) overlap. Time to first alert = first alert ")
                .append("opened minus the episode's start.</li>")
                .append("<li>Patient-days: distinct patients and UTC days with at least one reading in the window.</li>")
                .append("<li>Not a medical device: this report supports, and does not replace, a clinical owner's ")
                .append("review of a rule change.</li></ul>");
    }

    private static String cells(long... values) {
        StringBuilder out = new StringBuilder();
        for (long v : values) {
            out.append("<td>").append(String.format(Locale.ROOT, "%,d", v)).append("</td>");
        }
        return out.toString();
    }

    /** Indices of the day labels printed under a chart: about eight, always the first and last. */
    private static List<Integer> shownDays(int days) {
        List<Integer> shown = new ArrayList<>();
        int step = Math.max(1, (int) Math.ceil(days / 8.0));
        for (int i = 0; i < days; i += step) {
            shown.add(i);
        }
        if (days > 0 && shown.get(shown.size() - 1) != days - 1) {
            if (days - 1 - shown.get(shown.size() - 1) < step / 2) {
                shown.remove(shown.size() - 1);
            }
            shown.add(days - 1);
        }
        return shown;
    }
}
