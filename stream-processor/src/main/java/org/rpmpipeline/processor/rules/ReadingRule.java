package org.rpmpipeline.processor.rules;

import org.rpmpipeline.contract.vital.Reading;

/**
 * A rule evaluated on each reading of a patient, with a state per patient that the topology keeps in a state
 * store. {@link #step} is a pure function: the same state, reading and evaluation give the same result.
 *
 * @param <S> the rule's per-patient state, a JSON-serializable record; {@code null} means no state
 */
public interface ReadingRule<S> {
    String id();

    /**
     * True if {@code reading} carries a value this rule looks at; other readings skip the rule entirely. Must
     * depend only on which vitals carry a value ({@link Reading#valueOf} present): the processor remembers the
     * answer per such shape.
     */
    boolean appliesTo(Reading reading);

    Class<S> stateType();

    /** The next state and the findings for one reading. */
    Step<S> step(S state, Reading reading, Evaluation evaluation);
}
