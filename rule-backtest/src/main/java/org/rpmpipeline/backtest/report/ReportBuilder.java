package org.rpmpipeline.backtest.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.backtest.outcome.SimulatedAlert;
import org.rpmpipeline.backtest.outcome.Tally;
import org.rpmpipeline.backtest.report.Report.AlertRef;
import org.rpmpipeline.backtest.report.Report.Compared;
import org.rpmpipeline.backtest.report.Report.Counts;
import org.rpmpipeline.backtest.report.Report.RuleRow;
import org.rpmpipeline.backtest.report.Report.RuleSetInfo;
import org.rpmpipeline.backtest.report.Report.SeverityRow;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.processor.rules.Rule;

/** Builds the {@link Report} from the two rule sets' alerts and tallies. Pure: no I/O, no clock. */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /** One rule set's replay: its file, the alerts it would have raised, its findings and notifications. */
    public record Side(RulesFile rules, List<SimulatedAlert> alerts, Tally tally) {
    }

    public static Report build(Window window, Report.Input input, Side baseline, Side candidate) {
        List<String> ruleIds = ruleIds(baseline, candidate);
        long patientDays = input.patientDays();
        List<RuleRow> rows = new ArrayList<>();
        for (String ruleId : ruleIds) {
            rows.add(new RuleRow(ruleId, counts(window, baseline, patientDays, a -> a.ruleId().equals(ruleId),
                    List.of(ruleId)), counts(window, candidate, patientDays, a -> a.ruleId().equals(ruleId),
                    List.of(ruleId))));
        }
        Compared totals = new Compared(counts(window, baseline, patientDays, a -> true, ruleIds),
                counts(window, candidate, patientDays, a -> true, ruleIds));
        List<SeverityRow> severities = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            severities.add(new SeverityRow(severity.code(), activeFindings(baseline, ruleIds, severity),
                    activeFindings(candidate, ruleIds, severity),
                    totals.baseline().alertsBySeverity().get(severity.code()),
                    totals.candidate().alertsBySeverity().get(severity.code())));
        }
        Episodes.Result episodes = Episodes.compare(baseline.alerts(), candidate.alerts(), window);
        boolean identical = episodes.baselineOnly().isEmpty() && episodes.candidateOnly().isEmpty()
                && rows.stream().allMatch(r -> r.baseline().equals(r.candidate()));
        return new Report(Report.SCHEMA_VERSION,
                new Report.Period(window.from(), window.to(), window.replayFrom(), window.days()), input,
                info(baseline.rules()), info(candidate.rules()), totals, rows, severities,
                refs(episodes.baselineOnly()), refs(episodes.candidateOnly()), episodes.timing(), identical);
    }

    /** The baseline's rule ids in file order, then the candidate's new ones. */
    private static List<String> ruleIds(Side baseline, Side candidate) {
        Set<String> ids = new LinkedHashSet<>();
        baseline.rules().rules().rules().forEach(r -> ids.add(r.id()));
        candidate.rules().rules().rules().forEach(r -> ids.add(r.id()));
        return List.copyOf(ids);
    }

    private static Counts counts(Window window, Side side, long patientDays, Predicate<SimulatedAlert> rule,
            List<String> ruleIds) {
        List<SimulatedAlert> alerts = side.alerts().stream().filter(rule)
                .filter(a -> window.contains(a.openedAt())).toList();
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity.code(), alerts.stream().filter(a -> a.severity() == severity).count());
        }
        long[] perDay = new long[window.days().size()];
        Set<String> patients = new HashSet<>();
        for (SimulatedAlert alert : alerts) {
            perDay[window.dayIndex(alert.openedAt())]++;
            patients.add(alert.patientId());
        }
        long active = 0;
        long resolved = 0;
        long notifications = 0;
        long held = 0;
        for (String ruleId : ruleIds) {
            Tally.PerRule tally = side.tally().rule(ruleId);
            active += tally.active();
            resolved += tally.resolved();
            notifications += tally.notifications();
            held += tally.held();
        }
        BigDecimal rate = patientDays == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(alerts.size()).divide(BigDecimal.valueOf(patientDays), 4, RoundingMode.HALF_UP);
        return new Counts(active + resolved, active, resolved, alerts.size(), rate, patients.size(), notifications,
                held, bySeverity, Arrays.stream(perDay).boxed().toList());
    }

    private static long activeFindings(Side side, List<String> ruleIds, Severity severity) {
        return ruleIds.stream().mapToLong(id -> side.tally().rule(id).active(severity)).sum();
    }

    private static RuleSetInfo info(RulesFile file) {
        return new RuleSetInfo(file.name(), file.sha256(), file.rules().rules().stream().map(Rule::id).toList());
    }

    private static List<AlertRef> refs(List<SimulatedAlert> alerts) {
        return alerts.stream().map(a -> new AlertRef(a.patientId(), a.ruleId(), a.severity().code(),
                a.episodeStart(), a.openedAt(), a.resolvedAt())).toList();
    }
}
