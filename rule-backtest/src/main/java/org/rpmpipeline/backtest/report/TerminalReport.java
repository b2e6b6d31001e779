package org.rpmpipeline.backtest.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.rpmpipeline.backtest.report.Report.AlertRef;
import org.rpmpipeline.backtest.report.Report.Counts;
import org.rpmpipeline.backtest.report.Report.RuleRow;
import org.rpmpipeline.backtest.report.Report.SeverityRow;
import org.rpmpipeline.backtest.report.Report.Stats;
import org.rpmpipeline.backtest.report.Report.TimeToFirstAlert;

/** The report as a plain-text table for the terminal: counts side by side and the first alerts to review. */
public final class TerminalReport {
    /** Alerts of each review list printed; the files have all of them. */
    static final int LISTED = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    private TerminalReport() {
    }

    public static String render(Report report) {
        StringBuilder out = new StringBuilder();
        Report.Input in = report.input();
        out.append(String.format(Locale.ROOT, "backtest %s to %s (%s, replayed from %s)%n",
                TIME.format(report.window().from()), TIME.format(report.window().to()),
                span(report.window().from(), report.window().to()), TIME.format(report.window().replayFrom())));
        out.append(String.format(Locale.ROOT, "baseline  %s (%s)%ncandidate %s (%s)%n", report.baseline().file(),
                report.baseline().sha256().substring(0, 12), report.candidate().file(),
                report.candidate().sha256().substring(0, 12)));
        out.append(String.format(Locale.ROOT, "%,d readings of %,d patients (%,d patient-days)%s, %,d more in the "
                + "warm-up; %,d undecodable%n%n", in.readings(), in.patients(), in.patientDays(),
                in.patientFilter() == null ? "" : ", patients filtered to " + in.patientFilter(), in.warmUpReadings(),
                in.undecodableReadings()));
        String header = String.format(Locale.ROOT, "%-22s %17s %15s %9s %21s %13s %17s%n", "rule",
                "findings B / C", "alerts B / C", "change", "alerts/pt-day B / C", "patients B/C",
                "notified B / C");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (RuleRow row : report.rules()) {
            out.append(line(row.ruleId(), row.baseline(), row.candidate()));
        }
        out.append("-".repeat(header.length() - 1)).append('\n');
        out.append(line("all rules", report.totals().baseline(), report.totals().candidate())).append('\n');
        out.append(String.format(Locale.ROOT, "%-10s %19s %15s%n", "severity", "active findings B / C",
                "alerts B / C"));
        for (SeverityRow s : report.severities()) {
            out.append(String.format(Locale.ROOT, "%-10s %19s %15s%n", s.severity(),
                    pair(s.baselineFindings(), s.candidateFindings()), pair(s.baselineAlerts(), s.candidateAlerts())));
        }
        out.append('\n');
        list(out, "alerts the candidate would NOT have raised", report.notRaisedByCandidate());
        list(out, "alerts only the candidate would have raised", report.raisedOnlyByCandidate());
        timing(out, report.timeToFirstAlert());
        out.append(report.identical() ? "no difference: the candidate behaves exactly like the baseline\n"
                : "the rule sets differ (B = baseline, C = candidate)\n");
        return out.toString();
    }

    private static String line(String name, Counts b, Counts c) {
        long change = c.alerts() - b.alerts();
        String pct = b.alerts() == 0 ? (change == 0 ? "" : " new")
                : String.format(Locale.ROOT, " %+.0f%%", 100.0 * change / b.alerts());
        return String.format(Locale.ROOT, "%-22s %17s %15s %9s %21s %13s %17s%n", clip(name, 22),
                pair(b.findings(), c.findings()), pair(b.alerts(), c.alerts()),
                (change == 0 ? "0" : String.format(Locale.ROOT, "%+d", change)) + pct,
                b.alertsPerPatientDay().toPlainString() + " / " + c.alertsPerPatientDay().toPlainString(),
                b.patientsAffected() + " / " + c.patientsAffected(), pair(b.notifications(), c.notifications()));
    }

    private static void list(StringBuilder out, String title, List<AlertRef> alerts) {
        out.append(String.format(Locale.ROOT, "%s: %d%s%n", title, alerts.size(),
                alerts.size() > LISTED ? " (first " + LISTED + " below; all in the JSON and HTML report)" : ""));
        for (AlertRef a : alerts.subList(0, Math.min(LISTED, alerts.size()))) {
            out.append(String.format(Locale.ROOT, "  %-20s %-22s %-9s opened %s%s%n", clip(a.patientId(), 20),
                    clip(a.ruleId(), 22), a.severity(), TIME.format(a.openedAt()),
                    a.resolvedAt() == null ? ", still open" : ", resolved " + TIME.format(a.resolvedAt())));
        }
        out.append('\n');
    }

    private static void timing(StringBuilder out, TimeToFirstAlert t) {
        out.append(String.format(Locale.ROOT, "episodes: %d (both caught %d, baseline only %d, candidate only %d)%n",
                t.episodes(), t.caughtByBoth(), t.baselineOnly(), t.candidateOnly()));
        if (t.caughtByBoth() > 0) {
            out.append("time to first alert, episodes both caught: baseline ").append(stats(t.baseline()))
                    .append("; candidate ").append(stats(t.candidate())).append('\n');
            out.append(String.format(Locale.ROOT, "  candidate earlier in %d, later in %d, same in %d%n",
                    t.candidateEarlier(), t.candidateLater(), t.same()));
        }
        out.append('\n');
    }

    private static String stats(Stats s) {
        return "p50 " + duration(s.p50Seconds()) + ", p90 " + duration(s.p90Seconds()) + ", max "
                + duration(s.maxSeconds());
    }

    /** {@code 0s}, {@code 45s}, {@code 12m}, {@code 3h05m}, {@code 2d04h}. */
    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(Math.abs(seconds));
        String sign = seconds < 0 ? "-" : "";
        if (d.toMinutes() == 0) {
            return sign + d.toSeconds() + "s";
        }
        if (d.toHours() == 0) {
            return sign + d.toMinutes() + "m";
        }
        if (d.toDays() == 0) {
            return sign + String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
        }
        return sign + String.format(Locale.ROOT, "%dd%02dh", d.toDays(), d.toHoursPart());
    }

    private static String pair(long b, long c) {
        return String.format(Locale.ROOT, "%,d / %,d", b, c);
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }

    /** {@code 30 days}, {@code 2 days 6 h}, {@code 30 h 12 min}. */
    static String span(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        if (d.toDays() >= 2) {
            return d.toDays() + " days" + (d.toHoursPart() == 0 ? "" : " " + d.toHoursPart() + " h");
        }
        return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
