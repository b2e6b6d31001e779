package org.rpmpipeline.backtest.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.backtest.outcome.SimulatedAlert;
import org.rpmpipeline.backtest.report.Report.Bucket;
import org.rpmpipeline.backtest.report.Report.Stats;
import org.rpmpipeline.backtest.report.Report.TimeToFirstAlert;

/**
 * Matches the two rule sets' alerts by episode. An alert spans from the start of the condition that opened it
 * to its resolution (or the end of the window). For one patient and rule, alerts of either rule set whose spans
 * overlap, directly or through a chain of overlapping alerts, belong to one <b>episode</b>, which starts at the
 * earliest of their starts. A rule set <b>caught</b> an episode if it raised an alert in it; its <b>time to
 * first alert</b> is its first alert's opening minus the episode's start. Only episodes with an alert opened
 * inside the window count.
 */
final class Episodes {
    /** Upper bounds of the histogram buckets; the last bucket is open. */
    private static final List<Duration> BOUNDS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1));
    private static final List<String> LABELS = List.of("under 1 min", "1-5 min", "5-15 min", "15-60 min",
            "1-6 h", "6-24 h", "24 h or more");
    static final Comparator<SimulatedAlert> BY_OPENING = Comparator.comparing(SimulatedAlert::openedAt)
            .thenComparing(SimulatedAlert::patientId).thenComparing(SimulatedAlert::ruleId)
            .thenComparing(SimulatedAlert::alertId);

    private Episodes() {
    }

    /** The comparison's outcome. */
    record Result(List<SimulatedAlert> baselineOnly, List<SimulatedAlert> candidateOnly, TimeToFirstAlert timing) {
    }

    private record Span(boolean candidate, SimulatedAlert alert, Instant start, Instant end) {
    }

    static Result compare(List<SimulatedAlert> baseline, List<SimulatedAlert> candidate, Window window) {
        Map<String, List<Span>> byKey = new TreeMap<>();
        add(byKey, baseline, false, window);
        add(byKey, candidate, true, window);
        Tracker tracker = new Tracker(window);
        Comparator<Span> order = Comparator.comparing(Span::start).thenComparing(Span::candidate)
                .thenComparing(Span::alert, BY_OPENING);
        for (List<Span> spans : byKey.values()) {
            spans.sort(order);
            List<Span> group = new ArrayList<>();
            Instant groupEnd = null;
            for (Span span : spans) {
                if (!group.isEmpty() && span.start().isAfter(groupEnd)) {
                    tracker.episode(group);
                    group = new ArrayList<>();
                }
                group.add(span);
                groupEnd = groupEnd == null || span.end().isAfter(groupEnd) || group.size() == 1 ? span.end()
                        : groupEnd;
            }
            if (!group.isEmpty()) {
                tracker.episode(group);
            }
        }
        return tracker.result();
    }

    private static void add(Map<String, List<Span>> byKey, List<SimulatedAlert> alerts, boolean candidate,
            Window window) {
        for (SimulatedAlert alert : alerts) {
            Instant end = alert.resolvedAt() != null ? alert.resolvedAt() : window.to();
            Instant start = alert.episodeStart();
            byKey.computeIfAbsent(alert.patientId() + '\u0000' + alert.ruleId(), k -> new ArrayList<>())
                    .add(new Span(candidate, alert, start, end.isBefore(start) ? start : end));
        }
    }

    /** Accumulates episodes as they are found. */
    private static final class Tracker {
        private final Window window;
        private final List<SimulatedAlert> baselineOnly = new ArrayList<>();
        private final List<SimulatedAlert> candidateOnly = new ArrayList<>();
        private final List<Long> baselineTimes = new ArrayList<>();
        private final List<Long> candidateTimes = new ArrayList<>();
        private final List<Long> differences = new ArrayList<>();
        private int episodes;
        private int baselineOnlyEpisodes;
        private int candidateOnlyEpisodes;

        Tracker(Window window) {
            this.window = window;
        }

        void episode(List<Span> spans) {
            if (spans.stream().noneMatch(s -> window.contains(s.alert().openedAt()))) {
                return;
            }
            episodes++;
            List<Span> base = spans.stream().filter(s -> !s.candidate()).toList();
            List<Span> cand = spans.stream().filter(Span::candidate).toList();
            if (cand.isEmpty()) {
                baselineOnlyEpisodes++;
                base.stream().map(Span::alert).filter(a -> window.contains(a.openedAt())).forEach(baselineOnly::add);
                return;
            }
            if (base.isEmpty()) {
                candidateOnlyEpisodes++;
                cand.stream().map(Span::alert).filter(a -> window.contains(a.openedAt())).forEach(candidateOnly::add);
                return;
            }
            Instant start = spans.stream().map(Span::start).min(Comparator.naturalOrder()).orElseThrow();
            long b = firstOpening(base, start);
            long c = firstOpening(cand, start);
            baselineTimes.add(b);
            candidateTimes.add(c);
            differences.add(c - b);
        }

        private static long firstOpening(List<Span> spans, Instant start) {
            Instant first = spans.stream().map(s -> s.alert().openedAt()).min(Comparator.naturalOrder())
                    .orElseThrow();
            return Math.max(0, Duration.between(start, first).toSeconds());
        }

        Result result() {
            baselineOnly.sort(BY_OPENING);
            candidateOnly.sort(BY_OPENING);
            int earlier = (int) differences.stream().filter(d -> d < 0).count();
            int later = (int) differences.stream().filter(d -> d > 0).count();
            List<Bucket> histogram = new ArrayList<>();
            for (int i = 0; i < LABELS.size(); i++) {
                histogram.add(new Bucket(LABELS.get(i), bucketCount(baselineTimes, i), bucketCount(candidateTimes, i)));
            }
            TimeToFirstAlert timing = new TimeToFirstAlert(episodes, baselineTimes.size(), baselineOnlyEpisodes,
                    candidateOnlyEpisodes, stats(baselineTimes), stats(candidateTimes), stats(differences), earlier,
                    later, differences.size() - earlier - later, histogram);
            return new Result(List.copyOf(baselineOnly), List.copyOf(candidateOnly), timing);
        }

        private static int bucketCount(List<Long> seconds, int bucket) {
            long low = bucket == 0 ? Long.MIN_VALUE : BOUNDS.get(bucket - 1).toSeconds();
            long high = bucket == BOUNDS.size() ? Long.MAX_VALUE : BOUNDS.get(bucket).toSeconds();
            return (int) seconds.stream().filter(s -> s >= low && s < high).count();
        }
    }

    /** Min, nearest-rank p50 and p90, max and mean; {@code null} for no values. */
    static Stats stats(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        long sum = sorted.stream().mapToLong(Long::longValue).sum();
        return new Stats(sorted.get(0), rank(sorted, 0.5), rank(sorted, 0.9), sorted.get(sorted.size() - 1),
                BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(sorted.size()), 1, RoundingMode.HALF_UP));
    }

    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
