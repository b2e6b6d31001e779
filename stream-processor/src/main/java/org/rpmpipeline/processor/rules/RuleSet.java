package org.rpmpipeline.processor.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.vital.Reading;

/** The validated rules the processor runs, as loaded from a rules file, in file order. Immutable. */
public record RuleSet(List<Rule> rules) {
    public RuleSet {
        rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        int noData = 0;
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate rule id " + rule.id());
            }
            noData += rule instanceof NoDataRule ? 1 : 0;
        }
        if (noData > 1) {
            throw new IllegalArgumentException("at most one no-data rule");
        }
    }

    /** The rules evaluated on every reading, with per-patient state. */
    public List<ReadingRule<?>> readingRules() {
        List<ReadingRule<?>> out = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule instanceof ReadingRule<?> readingRule) {
                out.add(readingRule);
            }
        }
        return out;
    }

    public List<ThresholdRule> thresholds() {
        return rules.stream().filter(ThresholdRule.class::isInstance).map(ThresholdRule.class::cast).toList();
    }

    /** The no-data rule, if the file has one. */
    public Optional<NoDataRule> noData() {
        return rules.stream().filter(NoDataRule.class::isInstance).map(NoDataRule.class::cast).findFirst();
    }

    /** The adherence rules. */
    public List<AdherenceRule> adherence() {
        return rules.stream().filter(AdherenceRule.class::isInstance).map(AdherenceRule.class::cast).toList();
    }

    /** The rule with {@code id}. */
    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Stateless: the findings of every threshold rule for one reading alone; empty when all values are in range. */
    public List<Finding> evaluateThresholds(Reading reading, Instant detectedAt) {
        List<Finding> findings = new ArrayList<>();
        for (ThresholdRule rule : thresholds()) {
            rule.evaluate(reading, detectedAt).ifPresent(findings::add);
        }
        return findings;
    }
}
