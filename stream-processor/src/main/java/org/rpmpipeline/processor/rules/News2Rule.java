package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.rules.News2.Trigger;

/**
 * NEWS2 aggregate from each patient's latest value of every scored vital measured within {@code freshness} before
 * the reading being processed. Parameters home devices do not measure (consciousness, air or oxygen, often
 * respiration rate) are reported as missing in {@code details.missing}, never scored 0; the aggregate is then a
 * lower bound. SpO2 is scored on scale 1, or scale 2 when the rule (or a patient's override) says so; with no
 * oxygen information the patient is taken to be on air.
 *
 * <p>Triggers (RCP 2017, Chart 4) map to severities: a single parameter scoring 3 is moderate, aggregate 5-6
 * high, aggregate 7 or more critical (product decision on the mapping). One ACTIVE finding when a trigger is
 * first reached, one more per escalation, one RESOLVED finding when the score drops below every trigger.
 */
public record News2Rule(String id, int version, String description, Duration freshness, int spo2Scale,
        String source) implements Rule, ReadingRule<News2Rule.State> {

    /** The vitals NEWS2 scores from device readings. */
    static final List<VitalType> SCORED = List.of(VitalType.RESPIRATORY_RATE, VitalType.SPO2,
            VitalType.SYSTOLIC_BP, VitalType.HEART_RATE, VitalType.BODY_TEMPERATURE);
    /** Parameters no device reading carries. */
    static final List<String> NEVER_MEASURED = List.of("consciousness", "supplemental-oxygen");

    /** The latest value of one scored vital. */
    public record Latest(BigDecimal value, Instant at, String readingId, String deviceId) {
    }

    /** Latest values by vital code, the highest trigger of the open episode, the last reading time seen. */
    public record State(Map<String, Latest> latest, Trigger trigger, Instant episodeStart, Instant lastAt) {
    }

    /** A computed score. */
    public record Score(int aggregate, Map<String, Integer> subScores, List<String> missing, Trigger trigger,
            List<Evidence> evidence, List<String> deviceIds) {
    }

    public News2Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(freshness, "freshness");
        if (spo2Scale != 1 && spo2Scale != 2) {
            throw new IllegalArgumentException("spo2Scale must be 1 or 2");
        }
    }

    @Override
    public boolean appliesTo(Reading reading) {
        for (VitalType type : SCORED) {
            if (ReadingValues.of(reading, type) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public Step<State> step(State state, Reading reading, Evaluation evaluation) {
        Instant at = reading.measuredAt();
        Map<String, Latest> latest = new TreeMap<>(state == null ? Map.of() : state.latest());
        for (VitalType type : SCORED) {
            BigDecimal value = ReadingValues.of(reading, type);
            if (value == null) {
                continue;
            }
            Latest previous = latest.get(type.code());
            if (previous == null || !at.isBefore(previous.at())) {
                latest.put(type.code(), new Latest(value, at, reading.readingId(), reading.deviceId()));
            }
        }
        Trigger open = state == null ? Trigger.NONE : state.trigger();
        Instant episodeStart = state == null ? null : state.episodeStart();
        if (state != null && at.isBefore(state.lastAt())) {
            return Step.of(new State(latest, open, episodeStart, state.lastAt()));
        }
        // the full score (evidence, missing parameters) is only needed for a finding
        Trigger trigger = trigger(latest, at);
        if (trigger.compareTo(open) > 0) {
            Instant start = open == Trigger.NONE ? at : episodeStart;
            return Step.of(new State(latest, trigger, start, at),
                    finding(reading, score(latest, at), evaluation, start, true));
        }
        if (trigger == Trigger.NONE && open != Trigger.NONE) {
            return Step.of(new State(latest, Trigger.NONE, null, at),
                    finding(reading, score(latest, at), evaluation, episodeStart, false));
        }
        return Step.of(new State(latest, open, episodeStart, at));
    }

    /** The score from the values measured within {@code freshness} before {@code at}. */
    public Score score(Map<String, Latest> latest, Instant at) {
        Map<String, Integer> sub = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        Instant oldest = at.minus(freshness);
        for (VitalType type : SCORED) {
            Latest value = latest.get(type.code());
            if (value == null || value.at().isBefore(oldest) || value.at().isAfter(at)) {
                missing.add(type.code());
                continue;
            }
            sub.put(type.code(), subScore(type, value.value()));
            evidence.add(new Evidence(value.readingId(), type, value.value(), type.unit(), value.at()));
            devices.add(value.deviceId());
        }
        missing.addAll(NEVER_MEASURED);
        int aggregate = sub.values().stream().mapToInt(Integer::intValue).sum();
        boolean anyThree = sub.values().stream().anyMatch(s -> s == 3);
        return new Score(aggregate, sub, missing, News2.trigger(aggregate, anyThree), evidence, devices);
    }

    /** {@code score(latest, at).trigger()}, without assembling the score. */
    private Trigger trigger(Map<String, Latest> latest, Instant at) {
        Instant oldest = at.minus(freshness);
        int aggregate = 0;
        boolean anyThree = false;
        for (VitalType type : SCORED) {
            Latest value = latest.get(type.code());
            if (value == null || value.at().isBefore(oldest) || value.at().isAfter(at)) {
                continue;
            }
            int sub = subScore(type, value.value());
            aggregate += sub;
            anyThree |= sub == 3;
        }
        return News2.trigger(aggregate, anyThree);
    }

    private int subScore(VitalType type, BigDecimal value) {
        return switch (type) {
            case RESPIRATORY_RATE -> News2.respirationRate(value);
            case SPO2 -> spo2Scale == 2 ? News2.spo2Scale2(value, false) : News2.spo2Scale1(value);
            case SYSTOLIC_BP -> News2.systolicPressure(value);
            case HEART_RATE -> News2.pulse(value);
            case BODY_TEMPERATURE -> News2.temperature(value);
            default -> throw new IllegalArgumentException(type.code() + " is not scored by NEWS2");
        };
    }

    static Severity severity(Trigger trigger) {
        return switch (trigger) {
            case EMERGENCY -> Severity.CRITICAL;
            case URGENT -> Severity.HIGH;
            case RED_SCORE, NONE -> Severity.MODERATE;
        };
    }

    private Finding finding(Reading reading, Score score, Evaluation evaluation, Instant episodeStart,
            boolean active) {
        Instant oldestParameter = score.evidence().stream().map(Evidence::measuredAt).min(Instant::compareTo)
                .orElse(reading.measuredAt());
        FindingDraft draft = active ? FindingDraft.active(this, reading.patientId())
                : FindingDraft.resolved(this, reading.patientId());
        draft.severity(active ? severity(score.trigger()) : Severity.MODERATE)
                .devices(score.deviceIds())
                .window(active ? reading.measuredAt() : episodeStart, reading.measuredAt())
                .evidence(score.evidence()).value(BigDecimal.valueOf(score.aggregate()))
                .late(evaluation.lateArrival())
                .summary(description + ": " + (active ? "" : "below triggers, ") + "aggregate "
                        + score.aggregate() + " from " + score.subScores().size() + " of 7 parameters"
                        + (active ? " (" + score.trigger().name().toLowerCase(Locale.ROOT) + ")" : ""))
                .detail("kind", "news2").detail("trigger", score.trigger()).detail("scale", spo2Scale)
                .detail("missing", String.join(",", score.missing()))
                .detail("oldestParameterAt", oldestParameter).detail("episodeStart", episodeStart)
                .detail("source", source);
        score.subScores().forEach((code, s) -> draft.detail("score." + code, s));
        return draft.build(evaluation.detectedAt());
    }
}
