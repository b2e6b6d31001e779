package org.rpmpipeline.backtest.outcome;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;

/** Counts of one rule set's findings and notifications inside the window, per rule. */
public final class Tally {
    private final Map<String, PerRule> rules = new TreeMap<>();

    public Tally() {
    }

    /** The counts of one rule. */
    public static final class PerRule {
        private long active;
        private long resolved;
        private final Map<Severity, Long> activeBySeverity = new EnumMap<>(Severity.class);
        private long notifications;
        private long held;

        public long findings() {
            return active + resolved;
        }

        public long active() {
            return active;
        }

        public long resolved() {
            return resolved;
        }

        /** ACTIVE findings by severity. */
        public long active(Severity severity) {
            return activeBySeverity.getOrDefault(severity, 0L);
        }

        /** Notifications sent (one per recipient) for alerts opening or rising in severity. */
        public long notifications() {
            return notifications;
        }

        /** Alert openings and severity raises the policy held back from every recipient. */
        public long held() {
            return held;
        }
    }

    void finding(Finding finding) {
        PerRule rule = rules.computeIfAbsent(finding.ruleId(), r -> new PerRule());
        if (finding.status() == FindingStatus.RESOLVED) {
            rule.resolved++;
        } else {
            rule.active++;
            rule.activeBySeverity.merge(finding.severity(), 1L, Long::sum);
        }
    }

    void notification(String ruleId, int recipients) {
        PerRule rule = rules.computeIfAbsent(ruleId, r -> new PerRule());
        if (recipients == 0) {
            rule.held++;
        } else {
            rule.notifications += recipients;
        }
    }

    /** Adds {@code other}'s counts to these (tallies of the same rule set over other patients). */
    public void add(Tally other) {
        other.rules.forEach((id, theirs) -> {
            PerRule mine = rules.computeIfAbsent(id, r -> new PerRule());
            mine.active += theirs.active;
            mine.resolved += theirs.resolved;
            mine.notifications += theirs.notifications;
            mine.held += theirs.held;
            theirs.activeBySeverity.forEach((severity, n) -> mine.activeBySeverity.merge(severity, n, Long::sum));
        });
    }

    /** The counts of {@code ruleId} (zero if it never fired in the window). */
    public PerRule rule(String ruleId) {
        return rules.getOrDefault(ruleId, new PerRule());
    }

    /** The rules with any finding or notification in the window, by id. */
    public Set<String> ruleIds() {
        return rules.keySet();
    }
}
