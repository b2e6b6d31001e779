package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Change of one vital over a window of event time, e.g. a heart-failure weight gain of more than 2 kg in 3 days:
 * the change is the latest value minus the lowest value measured within {@code window} before it (for a rise;
 * the highest value for a fall, with a negative {@code delta}). The history keeps every reading of the window,
 * late ones included, so backfilled readings count; only the newest reading evaluates the rule. One ACTIVE finding
 * when the change first meets the condition, one RESOLVED finding when it no longer does.
 */
public record TrendRule(String id, int version, String description, VitalType vital, Duration window,
        Comparison comparison, BigDecimal delta, Severity severity, String source)
        implements Rule, ReadingRule<TrendRule.State> {

    /** Bound on the history kept per patient, whatever the cadence. */
    static final int MAX_POINTS = 200;

    /** One reading of the history. */
    public record Point(Instant at, BigDecimal value, String readingId, String deviceId) {
    }

    /** The readings within the window, oldest first, and the open episode if any. */
    public record State(List<Point> points, Instant episodeStart) {
    }

    public TrendRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vital, "vital");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(severity, "severity");
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
        Point point = new Point(reading.measuredAt(), ReadingValues.require(reading, vital), reading.readingId(),
                reading.deviceId());
        List<Point> points = new ArrayList<>(state == null ? List.of() : state.points());
        Instant episodeStart = state == null ? null : state.episodeStart();
        boolean newest = points.isEmpty() || !point.at().isBefore(points.get(points.size() - 1).at());
        points.removeIf(p -> p.readingId().equals(point.readingId()));
        points.add(point);
        points.sort(Comparator.comparing(Point::at));
        Instant latest = points.get(points.size() - 1).at();
        points.removeIf(p -> p.at().isBefore(latest.minus(window)));
        while (points.size() > MAX_POINTS) {
            points.remove(0);
        }
        if (!newest) {
            return Step.of(new State(points, episodeStart));
        }
        Optional<Point> baseline = baseline(points, point);
        if (baseline.isEmpty()) {
            return Step.of(new State(points, episodeStart));
        }
        BigDecimal change = point.value().subtract(baseline.get().value());
        boolean met = comparison.test(change, delta);
        if (met && episodeStart == null) {
            return Step.of(new State(points, point.at()),
                    finding(reading, point, baseline.get(), change, evaluation, point.at(), true));
        }
        if (!met && episodeStart != null) {
            return Step.of(new State(points, null),
                    finding(reading, point, baseline.get(), change, evaluation, episodeStart, false));
        }
        return Step.of(new State(points, episodeStart));
    }

    /** The lowest (rise) or highest (fall) earlier value within the window. */
    private Optional<Point> baseline(List<Point> points, Point current) {
        Comparator<Point> byValue = Comparator.comparing(Point::value);
        var earlier = points.stream().filter(p -> p.at().isBefore(current.at()));
        return delta.signum() >= 0 ? earlier.min(byValue) : earlier.max(byValue);
    }

    private String condition() {
        return "change " + comparison.symbol() + " " + delta.toPlainString() + " " + vital.unit() + " in "
                + window.toHours() + " h";
    }

    private Finding finding(Reading reading, Point current, Point baseline, BigDecimal change,
            Evaluation evaluation, Instant episodeStart, boolean active) {
        FindingDraft draft = active ? FindingDraft.active(this, reading.patientId())
                : FindingDraft.resolved(this, reading.patientId());
        return draft.severity(severity).devices(List.of(baseline.deviceId(), current.deviceId()))
                .window(active ? baseline.at() : episodeStart, current.at())
                .evidence(List.of(evidence(baseline), evidence(current))).value(change)
                .late(evaluation.lateArrival())
                .summary(description + ": " + vital.code() + " " + (active ? "" : "no longer, ")
                        + "changed by " + change.toPlainString() + " " + vital.unit() + " (" + condition() + ")")
                .detail("kind", "trend").detail("condition", condition()).detail("episodeStart", episodeStart)
                .detail("source", source)
                .build(evaluation.detectedAt());
    }

    private Evidence evidence(Point p) {
        return new Evidence(p.readingId(), vital, p.value(), vital.unit(), p.at());
    }
}
