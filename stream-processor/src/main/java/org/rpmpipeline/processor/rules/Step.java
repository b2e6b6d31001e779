package org.rpmpipeline.processor.rules;

import java.util.List;
import org.rpmpipeline.contract.finding.Finding;

/** A rule's next per-patient state ({@code null} to clear it) and the findings it emits. */
public record Step<S>(S state, List<Finding> findings) {
    public Step {
        findings = List.copyOf(findings);
    }

    public static <S> Step<S> of(S state, Finding... findings) {
        return new Step<>(state, List.of(findings));
    }
}
