package org.rpmpipeline.processor.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rpmpipeline.contract.config.ConfigException;

/**
 * A rules file that does not validate. It lists every problem, each naming the rule id and field and, for a file,
 * its line: {@code rules.yaml:14: rule spo2-low: bands[0].severity: must be one of ...}.
 */
public final class RuleSetException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** Problems whose lines are unknown. */
    public RuleSetException(String origin, List<String> problems) {
        this(origin, problems, Collections.nCopies(problems.size(), 0));
    }

    /**
     * @param lines the 1-based line of each problem in {@code origin}, 0 where unknown
     */
    public RuleSetException(String origin, List<String> problems, List<Integer> lines) {
        super("invalid rules in " + origin, located(origin, problems, lines));
        this.problems = List.copyOf(problems);
    }

    private static List<String> located(String origin, List<String> problems, List<Integer> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            int line = i < lines.size() ? lines.get(i) : 0;
            out.add(origin + (line > 0 ? ":" + line : "") + ": " + problems.get(i));
        }
        return out;
    }

    /** One line per problem without its place, e.g. {@code rule spo2-low: bands[0].severity: must be one of ...}. */
    public List<String> problems() {
        return problems;
    }
}
