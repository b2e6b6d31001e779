package org.rpmpipeline.contract.clinical;

import java.util.List;

/** A clinical reference file that does not validate; the message lists every problem, one per line. */
public final class ClinicalReferenceException extends IllegalArgumentException {
    private final List<String> problems;

    public ClinicalReferenceException(String origin, List<String> problems) {
        super(origin + " is not a valid clinical reference file:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
