package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Typed reads of one mapping of a rules file (a rule or a band). A missing or wrong field is recorded as a
 * problem naming the rule and field, e.g. {@code rule spo2-low: bands[0].severity: ...}, and read as
 * {@code null}; the loader reports every problem of the file at once.
 */
final class RuleFields {

    private final Map<?, ?> map;
    private final String prefix;
    private final RuleProblems problems;
    private final int problemsAtStart;

    /** {@code prefix} precedes the field name in problems: {@code "rule x: "} or {@code "rule x: bands[0]."}. */
    RuleFields(Map<?, ?> map, String prefix, RuleProblems problems) {
        this.map = map;
        this.prefix = prefix;
        this.problems = problems;
        this.problemsAtStart = problems.size();
    }

    /** Fields of a mapping inside this one, e.g. a band; problems go to the same list. */
    RuleFields nested(Map<?, ?> inner, String innerPrefix) {
        return new RuleFields(inner, prefix + innerPrefix, problems);
    }

    /** True while no problem has been recorded since this reader was made. */
    boolean clean() {
        return problems.size() == problemsAtStart;
    }

    Object raw(String field) {
        return map.get(field);
    }

    boolean has(String field) {
        return map.containsKey(field);
    }

    void problem(String field, String message) {
        problems.add(map, field, prefix + field + ": " + message);
    }

    void expectOnly(Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problem(String.valueOf(key), "unknown field (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    String text(String field) {
        if (map.get(field) instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        problem(field, "a non-empty text is required, was " + describe(map.get(field)));
        return null;
    }

    int positiveInt(String field) {
        if (map.get(field) instanceof Integer n && n >= 1) {
            return n;
        }
        problem(field, "a positive integer is required, was " + describe(map.get(field)));
        return 0;
    }

    BigDecimal number(String field) {
        if (map.get(field) instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        problem(field, "a number is required, was " + describe(map.get(field)));
        return null;
    }

    Severity severity(String field) {
        try {
            return Severity.fromCode(String.valueOf(map.get(field)));
        } catch (IllegalArgumentException e) {
            problem(field, "must be one of [low, moderate, high, critical], was " + describe(map.get(field)));
            return null;
        }
    }

    Comparison comparison(String field) {
        try {
            return Comparison.fromSymbol(String.valueOf(map.get(field)));
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return null;
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 3d}, or ISO-8601 such as {@code PT5M}. */
    Duration duration(String field) {
        Object raw = map.get(field);
        Optional<Duration> parsed = Settings.parseDuration(raw == null ? "" : String.valueOf(raw));
        if (parsed.isEmpty()) {
            problem(field, "a duration such as 30s, 5m, 2h or 3d is required, was " + describe(raw));
            return null;
        }
        return parsed.get();
    }

    /** The {@code vital}, checked to be a single value whose UCUM unit is the rule's {@code unit}. */
    VitalType vitalWithUnit() {
        VitalType vital;
        try {
            vital = VitalType.fromCode(String.valueOf(map.get("vital")));
        } catch (IllegalArgumentException e) {
            problem("vital", e.getMessage());
            return null;
        }
        if (vital.isPanel()) {
            problem("vital", vital.code() + " is a panel; name a component such as "
                    + vital.componentTypes().get(0).code());
            return null;
        }
        if (!vital.unit().equals(map.get("unit"))) {
            problem("unit", "must be \"" + vital.unit() + "\" (the UCUM unit of " + vital.code() + "), was "
                    + describe(map.get("unit")));
        }
        return vital;
    }

    static String describe(Object value) {
        return value == null ? "missing" : "\"" + value + "\"";
    }
}
