package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * A single reading compared with banded bounds: the most severe band the value falls in is the match, a value
 * in no band is in range. Applies to a reading of the vital itself or to a panel carrying it as a component
 * (systolic pressure of a blood-pressure panel). A reading without a number never matches.
 *
 * <p>With state ({@link #step}), a patient out of range produces one episode, not a finding per reading: an
 * ACTIVE finding when the episode starts, another ACTIVE finding only if a later reading falls in a more severe
 * band (escalation), and one RESOLVED finding on the first in-range reading; the next out-of-range reading opens
 * a new episode (re-arm). A reading measured before the patient's latest reading of the vital (out of order)
 * does not touch the episode: an out-of-range one yields a stand-alone ACTIVE finding marked late.
 */
public record ThresholdRule(String id, int version, String description, VitalType vital, List<Band> bands)
        implements Rule, ReadingRule<ThresholdRule.State> {

    /** An open episode: its most severe band so far, when it began and the worst value; no state between. */
    public record State(Severity severity, Instant since, BigDecimal worst) {
    }

    public ThresholdRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(vital, "vital");
        if (vital.isPanel()) {
            throw new IllegalArgumentException("a threshold applies to a single value, not the panel " + vital.code());
        }
        if (bands == null || bands.isEmpty()) {
            throw new IllegalArgumentException("at least one band is required");
        }
        bands = List.copyOf(bands);
    }

    /** The most severe band {@code reading}'s value falls in, if any. */
    public Optional<Band> match(Reading reading) {
        BigDecimal value = ReadingValues.of(reading, vital);
        if (value == null) {
            return Optional.empty();
        }
        Band match = null;
        for (Band band : bands) {
            if (band.matches(value) && (match == null || band.severity().compareTo(match.severity()) > 0)) {
                match = band;
            }
        }
        return Optional.ofNullable(match);
    }

    /** Stateless: the finding for {@code reading} alone, or empty when its value is in range or absent. */
    public Optional<Finding> evaluate(Reading reading, Instant detectedAt) {
        return match(reading).map(band -> active(reading, band, Evaluation.onTime(detectedAt), false, null));
    }

    /**
     * Stateless, for a reading its device flagged as unreliable ({@link SignalQuality}): a stand-alone finding for
     * the band the value falls in, severity capped at {@code moderate}, {@code details.signalQuality} set; it
     * neither opens nor resolves an episode.
     */
    public Optional<Finding> evaluateUnreliable(Reading reading, Evaluation evaluation, List<String> flags) {
        return match(reading).map(band -> draft(reading, band, evaluation, false, null)
                .severity(band.severity().compareTo(Severity.MODERATE) > 0 ? Severity.MODERATE : band.severity())
                .detail("signalQuality", String.join(",", flags))
                .detail("bandSeverity", band.severity().code())
                .build(evaluation.detectedAt()));
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
        Optional<Band> match = match(reading);
        Instant at = reading.measuredAt();
        BigDecimal value = ReadingValues.require(reading, vital);
        if (evaluation.outOfOrder()) {
            return match.map(band -> Step.of(state, active(reading, band, evaluation, true, null)))
                    .orElseGet(() -> Step.of(state));
        }
        if (match.isEmpty()) {
            return state == null ? Step.of(null) : Step.of(null, resolved(reading, state, evaluation));
        }
        Band band = match.get();
        if (state == null) {
            return Step.of(new State(band.severity(), at, value), active(reading, band, evaluation, false, at));
        }
        BigDecimal worst = worse(state.worst(), value, band);
        if (band.severity().compareTo(state.severity()) > 0) {
            return Step.of(new State(band.severity(), state.since(), worst),
                    active(reading, band, evaluation, false, state.since()));
        }
        return Step.of(new State(state.severity(), state.since(), worst));
    }

    private static BigDecimal worse(BigDecimal a, BigDecimal b, Band band) {
        return band.comparison().isBelow() ? a.min(b) : a.max(b);
    }

    private Finding active(Reading reading, Band band, Evaluation evaluation, boolean outOfOrder,
            Instant episodeStart) {
        return draft(reading, band, evaluation, outOfOrder, episodeStart).build(evaluation.detectedAt());
    }

    private FindingDraft draft(Reading reading, Band band, Evaluation evaluation, boolean outOfOrder,
            Instant episodeStart) {
        BigDecimal value = ReadingValues.require(reading, vital);
        Instant at = reading.measuredAt();
        return FindingDraft.active(this, reading.patientId()).severity(band.severity())
                .devices(List.of(reading.deviceId())).window(at, at).evidence(List.of(evidence(reading, value)))
                .value(value).late(evaluation.lateArrival() || outOfOrder)
                .summary(description + ": " + vital.code() + " " + value.toPlainString() + " " + vital.unit() + " "
                        + band.condition() + " " + vital.unit())
                .detail("kind", "threshold").detail("condition", band.condition()).detail("unit", vital.unit())
                .detail("source", band.source()).detail("outOfOrder", outOfOrder ? "true" : null)
                .detail("episodeStart", episodeStart);
    }

    private Finding resolved(Reading reading, State state, Evaluation evaluation) {
        BigDecimal value = ReadingValues.require(reading, vital);
        return FindingDraft.resolved(this, reading.patientId()).severity(state.severity())
                .devices(List.of(reading.deviceId())).window(state.since(), reading.measuredAt())
                .evidence(List.of(evidence(reading, value))).value(value).late(evaluation.lateArrival())
                .summary(description + ": back in range, " + vital.code() + " " + value.toPlainString() + " "
                        + vital.unit())
                .detail("kind", "threshold").detail("unit", vital.unit()).detail("episodeStart", state.since())
                .detail("worst", state.worst().toPlainString())
                .build(evaluation.detectedAt());
    }

    private Evidence evidence(Reading reading, BigDecimal value) {
        return new Evidence(reading.readingId(), vital, value, vital.unit(), reading.measuredAt());
    }
}
