package org.rpmpipeline.processor.rules;

import java.util.List;

/** A rules file that does not validate; the message lists every problem, each naming the rule id and field. */
public final class RuleSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public RuleSetException(String origin, List<String> problems) {
        super("invalid rules in " + origin + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, e.g. {@code rule spo2-low: bands[0].severity: must be one of ...}. */
    public List<String> problems() {
        return problems;
    }
}
