package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Acvpu;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.rules.News2.Parameter;
import org.rpmpipeline.processor.rules.News2.Trigger;

/**
 * NEWS2 from each patient's latest value of each of the seven parameters measured within {@code freshness} before
 * the newest measurement seen ("as of"): respiration rate, SpO2 (scale 1, or 2 for the patient's prescribed
 * hypercapnic target), air or oxygen ({@code oxygen-flow} / {@code oxygen-concentration} readings, else the
 * patient's standing {@code homeOxygenFlow} prescription), systolic pressure, pulse, consciousness (ACVPU
 * reading) and temperature, scored by the chart of {@link News2}.
 *
 * <p>Partial sets (RCP defines NEWS2 on all seven): a missing or stale parameter is listed, never scored 0, and the
 * aggregate is a lower bound, which the finding says ("N of 7, lower bound"). Sub-scores are never negative, so a
 * trigger the measured parameters reach holds for the full set: every Chart 4 trigger fires on a partial set,
 * including a single parameter scoring 3. A patient whose oxygen is unknown is scored on the scale-2 air bands,
 * again a lower bound. With {@code incompleteReviewFrom} set (product decision), an incomplete set whose lower
 * bound reaches it without any Chart 4 trigger gives a low-severity review finding, since the missing parameters
 * could lift it to the key threshold.
 *
 * <p>Triggers map to severities (product decision): review low, single parameter 3 moderate, aggregate 5-6 high,
 * 7 or more critical. While a trigger holds, every change of the score (aggregate, a sub-score, the parameters
 * present, the trigger) emits an ACTIVE finding that restates the current score ({@code details.current}), so an
 * open alert always shows the current score; the alert service notifies again only when the severity rises. A
 * RESOLVED finding follows when the score falls below every trigger.
 *
 * <p>The score depends only on the set of latest values and the newest measurement time, whatever order the
 * readings arrived in: a reading measured before the newest one updates its parameter if it is that parameter's
 * latest and is scored as of the newest time; of two values measured at the same instant the one with the greater
 * reading id counts. So a burst of readings gives the same final score, and the same last finding, in any order.
 */
public record News2Rule(String id, int version, String description, Duration freshness, int spo2Scale,
        Integer incompleteReviewFrom, BigDecimal homeOxygenFlow, String source)
        implements Rule, ReadingRule<News2Rule.State> {

    /** The vitals the rule keeps the latest value of. */
    static final List<VitalType> INPUTS = List.of(VitalType.RESPIRATORY_RATE, VitalType.SPO2,
            VitalType.SYSTOLIC_BP, VitalType.HEART_RATE, VitalType.CONSCIOUSNESS, VitalType.BODY_TEMPERATURE,
            VitalType.OXYGEN_FLOW, VitalType.OXYGEN_CONCENTRATION);
    /** Air's oxygen concentration: a higher inspired concentration means supplemental oxygen. */
    static final BigDecimal AIR_OXYGEN_PERCENT = BigDecimal.valueOf(21);
    private static final int PARAMETERS = Parameter.ALL.size();

    /** The latest value of one input vital. */
    public record Latest(BigDecimal value, Instant at, String readingId, String deviceId) {
    }

    /**
     * Latest values by vital code; the trigger of the open episode ({@code NONE} when none is open) and when it
     * started; the newest measurement time seen, as of which the score is computed.
     */
    public record State(Map<String, Latest> latest, Trigger trigger, Instant episodeStart, Instant lastAt) {
    }

    /**
     * A computed score.
     *
     * @param subScores by parameter code, in chart order, for the parameters present
     * @param missing the codes of the parameters absent or older than the freshness window
     * @param ages how long before {@code asOf} each present parameter was measured
     * @param oxygen {@code air}, {@code oxygen} or {@code unknown}; {@code oxygenSource} {@code reading} or
     *     {@code setting} when known
     */
    public record Score(int aggregate, Map<String, Integer> subScores, List<String> missing, Trigger trigger,
            List<Evidence> evidence, List<String> deviceIds, Map<String, Duration> ages, String oxygen,
            String oxygenSource, Instant asOf) {
        public boolean complete() {
            return missing.isEmpty();
        }

        /** {@code "5 of 7"}. */
        public String parameters() {
            return subScores.size() + " of " + PARAMETERS;
        }
    }

    public News2Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(freshness, "freshness");
        if (spo2Scale != 1 && spo2Scale != 2) {
            throw new IllegalArgumentException("spo2Scale must be 1 or 2");
        }
        if (incompleteReviewFrom != null && incompleteReviewFrom < 1) {
            throw new IllegalArgumentException("incompleteReviewFrom must be at least 1");
        }
    }

    /** A rule without incomplete-set review and without a home-oxygen prescription. */
    public News2Rule(String id, int version, String description, Duration freshness, int spo2Scale, String source) {
        this(id, version, description, freshness, spo2Scale, null, null, source);
    }

    /** This rule for a patient on {@code scale} with a standing oxygen prescription of {@code flow} L/min. */
    public News2Rule forPatient(int scale, BigDecimal flow) {
        return new News2Rule(id, version, description, freshness, scale, incompleteReviewFrom, flow, source);
    }

    @Override
    public boolean appliesTo(Reading reading) {
        for (VitalType type : INPUTS) {
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
        Map<String, Latest> before = state == null ? Map.of() : state.latest();
        Map<String, Latest> latest = new TreeMap<>(before);
        for (VitalType type : INPUTS) {
            BigDecimal value = ReadingValues.of(reading, type);
            if (value == null) {
                continue;
            }
            Latest previous = latest.get(type.code());
            if (previous == null || at.isAfter(previous.at())
                    || at.equals(previous.at()) && reading.readingId().compareTo(previous.readingId()) > 0) {
                latest.put(type.code(), new Latest(value, at, reading.readingId(), reading.deviceId()));
            }
        }
        Instant asOf = state == null || at.isAfter(state.lastAt()) ? at : state.lastAt();
        Trigger open = state == null ? Trigger.NONE : state.trigger();
        long was = state == null ? -1 : signature(before, state.lastAt());
        long now = signature(latest, asOf);
        Trigger trigger = trigger(now);
        if (trigger != Trigger.NONE) {
            Instant start = open == Trigger.NONE ? asOf : state.episodeStart();
            State next = new State(latest, trigger, start, asOf);
            if (open == Trigger.NONE || now != was || trigger != open) {
                return Step.of(next, active(reading, score(latest, asOf), evaluation, start));
            }
            return Step.of(next);
        }
        State next = new State(latest, Trigger.NONE, null, asOf);
        if (open != Trigger.NONE) {
            return Step.of(next, resolved(reading, score(latest, asOf), evaluation, state));
        }
        return Step.of(next);
    }

    /** The full score from the values measured within {@code freshness} before {@code asOf}. */
    public Score score(Map<String, Latest> latest, Instant asOf) {
        Map<String, Integer> sub = new LinkedHashMap<>();
        Map<String, Duration> ages = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        Oxygen oxygen = oxygen(latest, asOf);
        for (Parameter parameter : Parameter.ALL) {
            Latest value = input(parameter, latest, asOf, oxygen);
            int score = subScore(parameter, value, oxygen);
            if (score < 0) {
                missing.add(parameter.code());
                continue;
            }
            sub.put(parameter.code(), score);
            if (value != null) {
                ages.put(parameter.code(), Duration.between(value.at(), asOf));
                VitalType vital = parameter == Parameter.AIR_OR_OXYGEN ? oxygen.vital() : parameter.vital();
                evidence.add(new Evidence(value.readingId(), vital, value.value(), vital.unit(), value.at()));
                devices.add(value.deviceId());
            }
        }
        int aggregate = sub.values().stream().mapToInt(Integer::intValue).sum();
        boolean anyThree = sub.values().stream().anyMatch(News2::isRedScore);
        return new Score(aggregate, sub, missing, News2.trigger(aggregate, anyThree, review(aggregate, missing.size())),
                evidence, devices, ages, oxygen.state(), oxygen.source(), asOf);
    }

    /**
     * The score in one number, without assembling evidence: per parameter 3 bits (present, sub-score 0-3). Two
     * equal signatures are the same score, sub-scores and parameters present; the trigger follows from it.
     */
    private long signature(Map<String, Latest> latest, Instant asOf) {
        Oxygen oxygen = oxygen(latest, asOf);
        long signature = 0;
        for (Parameter parameter : Parameter.ALL) {
            Latest value = input(parameter, latest, asOf, oxygen);
            int score = subScore(parameter, value, oxygen);
            signature = signature << 3 | (score < 0 ? 0 : 4 | score);
        }
        return signature;
    }

    /** The trigger of a signature. */
    private Trigger trigger(long signature) {
        int aggregate = 0;
        int missing = 0;
        boolean anyThree = false;
        for (int i = 0; i < PARAMETERS; i++) {
            long bits = signature >>> (3 * i) & 7;
            if ((bits & 4) == 0) {
                missing++;
                continue;
            }
            int score = (int) (bits & 3);
            aggregate += score;
            anyThree |= News2.isRedScore(score);
        }
        return News2.trigger(aggregate, anyThree, review(aggregate, missing));
    }

    private boolean review(int aggregate, int missing) {
        return missing > 0 && incompleteReviewFrom != null && aggregate >= incompleteReviewFrom;
    }

    /** The sub-score of a parameter, or -1 when it is not known. */
    private int subScore(Parameter parameter, Latest value, Oxygen oxygen) {
        if (parameter == Parameter.AIR_OR_OXYGEN) {
            return oxygen.known() ? News2.supplementalOxygen(oxygen.onOxygen()) : -1;
        }
        if (value == null) {
            return -1;
        }
        return switch (parameter) {
            case RESPIRATION_RATE -> News2.respirationRate(value.value());
            case SPO2 -> spo2Scale == 2 ? News2.spo2Scale2(value.value(), oxygen.onOxygen())
                    : News2.spo2Scale1(value.value());
            case SYSTOLIC_BP -> News2.systolicPressure(value.value());
            case PULSE -> News2.pulse(value.value());
            case CONSCIOUSNESS -> Acvpu.of(value.value()).map(News2::consciousness).orElse(-1);
            case TEMPERATURE -> News2.temperature(value.value());
            case AIR_OR_OXYGEN -> throw new IllegalStateException("scored above");
        };
    }

    /** The reading a parameter is scored from, or {@code null} (air or oxygen from a setting has none). */
    private Latest input(Parameter parameter, Map<String, Latest> latest, Instant asOf, Oxygen oxygen) {
        return parameter == Parameter.AIR_OR_OXYGEN ? oxygen.latest() : fresh(latest, parameter.vital(), asOf);
    }

    private Latest fresh(Map<String, Latest> latest, VitalType vital, Instant asOf) {
        Latest value = latest.get(vital.code());
        if (value == null || value.at().isBefore(asOf.minus(freshness)) || value.at().isAfter(asOf)) {
            return null;
        }
        return value;
    }

    /**
     * Air or oxygen: the newer of the fresh oxygen-flow and oxygen-concentration readings (flow above 0 or a
     * concentration above air's 21 % is oxygen), else the patient's standing prescription, else unknown (scored
     * as air for the SpO2 scale-2 bands: the lower bound).
     */
    private Oxygen oxygen(Map<String, Latest> latest, Instant asOf) {
        Latest flow = fresh(latest, VitalType.OXYGEN_FLOW, asOf);
        Latest concentration = fresh(latest, VitalType.OXYGEN_CONCENTRATION, asOf);
        boolean useFlow = flow != null && (concentration == null || !flow.at().isBefore(concentration.at()));
        if (useFlow) {
            boolean sameTime = concentration != null && concentration.at().equals(flow.at());
            boolean on = flow.value().signum() > 0
                    || sameTime && concentration.value().compareTo(AIR_OXYGEN_PERCENT) > 0;
            return new Oxygen(true, on, "reading", flow, VitalType.OXYGEN_FLOW);
        }
        if (concentration != null) {
            return new Oxygen(true, concentration.value().compareTo(AIR_OXYGEN_PERCENT) > 0, "reading", concentration,
                    VitalType.OXYGEN_CONCENTRATION);
        }
        if (homeOxygenFlow != null && homeOxygenFlow.signum() > 0) {
            return new Oxygen(true, true, "setting", null, null);
        }
        return new Oxygen(false, false, null, null, null);
    }

    private record Oxygen(boolean known, boolean onOxygen, String source, Latest latest, VitalType vital) {
        String state() {
            return known ? (onOxygen ? "oxygen" : "air") : "unknown";
        }
    }

    static Severity severity(Trigger trigger) {
        return switch (trigger) {
            case EMERGENCY -> Severity.CRITICAL;
            case URGENT -> Severity.HIGH;
            case RED_SCORE -> Severity.MODERATE;
            case INCOMPLETE, NONE -> Severity.LOW;
        };
    }

    private Finding active(Reading reading, Score score, Evaluation evaluation, Instant episodeStart) {
        Instant oldest = oldest(score, score.asOf());
        FindingDraft draft = FindingDraft.active(this, reading.patientId()).severity(severity(score.trigger()))
                .window(oldest, score.asOf())
                .summary(description + ": " + (score.trigger() == Trigger.INCOMPLETE ? "aggregate at least "
                        : "aggregate ") + score.aggregate() + " (" + score.trigger().response() + ") from "
                        + completeness(score) + measuredWithin(score, oldest))
                .detail(Finding.CURRENT, "true");
        return describe(draft, reading, score, evaluation, episodeStart).build(evaluation.detectedAt());
    }

    private Finding resolved(Reading reading, Score score, Evaluation evaluation, State open) {
        FindingDraft draft = FindingDraft.resolved(this, reading.patientId()).severity(severity(open.trigger()))
                .window(open.episodeStart(), score.asOf())
                .summary(description + ": below every trigger, aggregate " + score.aggregate() + " from "
                        + completeness(score) + measuredWithin(score, oldest(score, score.asOf())));
        return describe(draft, reading, score, evaluation, open.episodeStart()).build(evaluation.detectedAt());
    }

    private FindingDraft describe(FindingDraft draft, Reading reading, Score score, Evaluation evaluation,
            Instant episodeStart) {
        draft.devices(score.deviceIds()).evidence(score.evidence()).value(BigDecimal.valueOf(score.aggregate()))
                .late(evaluation.lateArrival())
                .detail("kind", "news2").detail("trigger", score.trigger()).detail("scale", spo2Scale)
                .detail("parameters", score.parameters()).detail("complete", score.complete())
                .detail("lowerBound", !score.complete())
                .detail("measured", String.join(",", score.subScores().keySet()))
                .detail("missing", String.join(",", score.missing()))
                .detail("oxygen", score.oxygen()).detail("oxygenSource", score.oxygenSource())
                .detail("oldestParameterAt", oldest(score, null)).detail("episodeStart", episodeStart)
                .detail("source", source);
        score.subScores().forEach((code, s) -> draft.detail("score." + code, s));
        score.ages().forEach((code, age) -> draft.detail("age." + code, age));
        return draft;
    }

    private static Instant oldest(Score score, Instant otherwise) {
        return score.evidence().stream().map(Evidence::measuredAt).min(Instant::compareTo).orElse(otherwise);
    }

    private static String completeness(Score score) {
        if (score.complete()) {
            return "all " + PARAMETERS + " parameters";
        }
        return score.parameters() + " parameters, a lower bound (not measured: "
                + String.join(", ", score.missing()) + ")";
    }

    private static String measuredWithin(Score score, Instant oldest) {
        if (oldest == null || score.evidence().isEmpty()) {
            return "";
        }
        return "; measured within " + Duration.between(oldest, score.asOf()).toMinutes() + " min";
    }
}
