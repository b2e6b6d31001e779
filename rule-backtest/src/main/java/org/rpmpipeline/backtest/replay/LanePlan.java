package org.rpmpipeline.backtest.replay;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.processor.rules.NoDataRule;
import org.rpmpipeline.processor.rules.Rule;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.ThresholdRule;

/**
 * Which topology runs evaluate the baseline and the candidate rule sets. Every rule keeps its own state and
 * decides on its own (the processor's rules share only what the readings themselves say: duplicates, arrival
 * order, signal quality), so both rule sets can run in <b>one</b> topology: a rule the two sets define
 * identically runs once and its findings count for both; a rule they define differently runs twice, the
 * candidate's copy under an internal id whose findings are given back their own id. Each reading then costs one
 * topology step instead of two. The one exception is the no-data rule, of which a topology holds at most one: a
 * candidate whose no-data rule differs gets a second run with that rule alone.
 */
public final class LanePlan {
    /** Prefix of the internal id of a candidate rule that differs from the baseline's rule of the same id. */
    static final String CANDIDATE_PREFIX = "backtest-candidate--";

    private LanePlan() {
    }

    /** Which rule set a finding belongs to. */
    public enum Side {
        BASELINE, CANDIDATE
    }

    /** The rule set(s) a rule of a lane counts for, and the rule id its findings carry there. */
    public record Target(Set<Side> sides, String ruleId) {
        public Target {
            sides = Set.copyOf(sides);
            Objects.requireNonNull(ruleId, "ruleId");
        }
    }

    /**
     * One topology run.
     *
     * @param targets per rule id of {@code rules}, whose findings they are
     * @param renamedThresholds per original id, the internal id of a candidate threshold rule run under another id
     *     (its patients' personal bands must reach it under that id too)
     */
    public record Lane(RuleSet rules, Map<String, Target> targets, Map<String, String> renamedThresholds) {
        public Lane {
            Objects.requireNonNull(rules, "rules");
            targets = Map.copyOf(targets);
            renamedThresholds = Map.copyOf(renamedThresholds);
        }

        /** Hands {@code finding} to each rule set it belongs to, under the rule id it has there. */
        public void route(Finding finding, Sink sink) {
            Target target = targets.get(finding.ruleId());
            if (target == null) {
                throw new IllegalStateException("a finding of rule " + finding.ruleId() + " that is in no rule set");
            }
            Finding own = target.ruleId().equals(finding.ruleId()) ? finding
                    : RecordCopies.with(finding, "ruleId", target.ruleId());
            for (Side side : Side.values()) {
                if (target.sides().contains(side)) {
                    sink.accept(side, own);
                }
            }
        }
    }

    /** Where routed findings go. */
    @FunctionalInterface
    public interface Sink {
        void accept(Side side, Finding finding);
    }

    /**
     * The lanes for comparing {@code candidate} with {@code baseline}.
     *
     * @param shareIdentical run a rule both sets define identically once; {@code false} runs every candidate rule
     *     as its own copy (to check that two copies of the same rules agree)
     */
    public static List<Lane> plan(RuleSet baseline, RuleSet candidate, boolean shareIdentical) {
        List<Rule> rules = new ArrayList<>();
        Map<String, Target> targets = new LinkedHashMap<>();
        Map<String, String> renamed = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        baseline.rules().forEach(r -> used.add(r.id()));
        candidate.rules().forEach(r -> used.add(r.id()));
        for (Rule rule : baseline.rules()) {
            boolean shared = shareIdentical && candidate.rule(rule.id()).filter(rule::equals).isPresent();
            rules.add(rule);
            targets.put(rule.id(), new Target(shared ? EnumSet.allOf(Side.class) : EnumSet.of(Side.BASELINE),
                    rule.id()));
        }
        Optional<Lane> extra = Optional.empty();
        for (Rule rule : candidate.rules()) {
            Optional<Rule> same = baseline.rule(rule.id());
            if (shareIdentical && same.filter(rule::equals).isPresent()) {
                continue;
            }
            if (rule instanceof NoDataRule && rules.stream().anyMatch(NoDataRule.class::isInstance)) {
                extra = Optional.of(new Lane(new RuleSet(List.of(rule)),
                        Map.of(rule.id(), new Target(EnumSet.of(Side.CANDIDATE), rule.id())), Map.of()));
                continue;
            }
            String id = same.isPresent() ? internalId(rule.id(), used) : rule.id();
            rules.add(id.equals(rule.id()) ? rule : (Rule) RecordCopies.with((Record) rule, "id", id));
            targets.put(id, new Target(EnumSet.of(Side.CANDIDATE), rule.id()));
            if (rule instanceof ThresholdRule && !id.equals(rule.id())) {
                renamed.put(rule.id(), id);
            }
        }
        List<Lane> lanes = new ArrayList<>();
        lanes.add(new Lane(new RuleSet(rules), targets, renamed));
        extra.ifPresent(lanes::add);
        return List.copyOf(lanes);
    }

    private static String internalId(String id, Set<String> used) {
        String internal = CANDIDATE_PREFIX + id;
        for (int n = 2; used.contains(internal); n++) {
            internal = CANDIDATE_PREFIX + n + "--" + id;
        }
        used.add(internal);
        return internal;
    }
}
