package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * A condition on one vital that holds for at least {@code minDuration} of event time, e.g. SpO2 below 90 % for
 * five minutes. Consecutive qualifying readings form a run; a gap longer than {@code maxGap} between two of them
 * starts the run again (a gap within it is tolerated). When the run has lasted {@code minDuration} with at least
 * {@code minSamples} readings, one ACTIVE finding is emitted; the first non-qualifying reading after that emits
 * one RESOLVED finding and re-arms the rule. While active, silence does not resolve the episode (silence is the
 * no-data rule's business). Readings measured before the last one seen are ignored: they cannot extend or break
 * a run they did not belong to in time.
 */
public record SustainedRule(String id, int version, String description, VitalType vital, Comparison comparison,
        BigDecimal bound, Duration minDuration, Duration maxGap, int minSamples, Severity severity, String source)
        implements Rule, ReadingRule<SustainedRule.State> {

    /** Evidence kept per run: the first readings and the latest ones, enough to audit without growing. */
    static final int MAX_EVIDENCE = 10;

    /** The current run of qualifying readings. */
    public record State(Instant runStart, Instant lastQualifyingAt, Instant lastAt, int samples, boolean active,
            BigDecimal worst, List<Evidence> evidence, List<String> deviceIds) {
    }

    public SustainedRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vital, "vital");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(severity, "severity");
        if (minDuration.isNegative() || maxGap.isNegative() || minSamples < 1) {
            throw new IllegalArgumentException("durations must be positive and minSamples at least 1");
        }
    }

    @Override
    public boolean appliesTo(Reading reading) {
        return ReadingValues.of(reading, vital) != null;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public Step<State> step(State state, Reading reading, Evaluation evaluation) {
        Instant at = reading.measuredAt();
        if (evaluation.outOfOrder() || state != null && at.isBefore(state.lastAt())) {
            return Step.of(state);
        }
        BigDecimal value = ReadingValues.require(reading, vital);
        boolean qualifies = comparison.test(value, bound);
        if (!qualifies) {
            if (state != null && state.active()) {
                return Step.of(null, resolved(reading, value, state, evaluation));
            }
            return Step.of(null);
        }
        Evidence evidence = new Evidence(reading.readingId(), vital, value, vital.unit(), at);
        State next;
        boolean continues = state != null
                && (state.active() || Duration.between(state.lastQualifyingAt(), at).compareTo(maxGap) <= 0);
        if (continues) {
            List<Evidence> kept = new ArrayList<>(state.evidence());
            kept.add(evidence);
            if (kept.size() > MAX_EVIDENCE) {
                kept.remove(MAX_EVIDENCE / 2);
            }
            List<String> devices = new ArrayList<>(state.deviceIds());
            if (!devices.contains(reading.deviceId())) {
                devices.add(reading.deviceId());
            }
            next = new State(state.runStart(), at, at, state.samples() + 1, state.active(),
                    comparison.isBelow() ? state.worst().min(value) : state.worst().max(value), kept, devices);
        } else {
            next = new State(at, at, at, 1, false, value, List.of(evidence), List.of(reading.deviceId()));
        }
        if (!next.active() && next.samples() >= minSamples
                && Duration.between(next.runStart(), at).compareTo(minDuration) >= 0) {
            State active = new State(next.runStart(), at, at, next.samples(), true, next.worst(), next.evidence(),
                    next.deviceIds());
            return Step.of(active, activeFinding(reading, active, evaluation));
        }
        return Step.of(next);
    }

    private String condition() {
        return vital.code() + " " + comparison.symbol() + " " + bound.toPlainString() + " " + vital.unit()
                + " for " + minDuration.toMinutes() + " min";
    }

    private Finding activeFinding(Reading reading, State state, Evaluation evaluation) {
        return FindingDraft.active(this, reading.patientId()).severity(severity).devices(state.deviceIds())
                .window(state.runStart(), reading.measuredAt()).evidence(state.evidence()).value(state.worst())
                .late(evaluation.lateArrival())
                .summary(description + ": " + condition() + ", worst " + state.worst().toPlainString() + " "
                        + vital.unit())
                .detail("kind", "sustained").detail("condition", condition()).detail("samples", state.samples())
                .detail("episodeStart", state.runStart())
                .detail("durationSeconds", Duration.between(state.runStart(), reading.measuredAt()).toSeconds())
                .detail("source", source)
                .build(evaluation.detectedAt());
    }

    private Finding resolved(Reading reading, BigDecimal value, State state, Evaluation evaluation) {
        List<Evidence> evidence = new ArrayList<>(state.evidence());
        evidence.add(new Evidence(reading.readingId(), vital, value, vital.unit(), reading.measuredAt()));
        List<String> devices = new ArrayList<>(state.deviceIds());
        devices.add(reading.deviceId());
        return FindingDraft.resolved(this, reading.patientId()).severity(severity).devices(devices)
                .window(state.runStart(), reading.measuredAt()).evidence(evidence).value(value)
                .late(evaluation.lateArrival())
                .summary(description + ": ended, " + vital.code() + " " + value.toPlainString() + " " + vital.unit())
                .detail("kind", "sustained").detail("condition", condition()).detail("episodeStart", state.runStart())
                .detail("worst", state.worst().toPlainString())
                .build(evaluation.detectedAt());
    }
}
