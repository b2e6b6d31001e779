package org.rpmpipeline.processor.rules;

import java.util.ArrayList;
import java.util.List;
import org.rpmpipeline.contract.config.YamlTree;

/** The problems found in one rules file so far, each with the line it is on when the file is known. */
final class RuleProblems {
    private final YamlTree tree;
    private final List<String> texts = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();

    RuleProblems(YamlTree tree) {
        this.tree = tree;
    }

    /** A problem with field or item {@code key} of {@code container} (a mapping or list of the file). */
    void add(Object container, Object key, String text) {
        texts.add(text);
        lines.add(tree.line(container, key));
    }

    int size() {
        return texts.size();
    }

    boolean isEmpty() {
        return texts.isEmpty();
    }

    RuleSetException exception(String origin) {
        return new RuleSetException(origin, texts, lines);
    }
}
