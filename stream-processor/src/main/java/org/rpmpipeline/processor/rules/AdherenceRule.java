package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.vital.Reading;

/**
 * Reading-days per monitoring period: periods of {@code periodDays} days (UTC) follow each other from the day of
 * the patient's first reading; a day counts when any reading was measured on it. As soon as the patient can no
 * longer reach {@code requiredDays} in the current period (days with readings plus days left), one ACTIVE finding;
 * when that period ends, one RESOLVED finding with the final count. Checked on each reading and on a wall-clock
 * punctuation, since a patient who stops measuring sends nothing to evaluate. Readings of a period already closed
 * do not change that period.
 *
 * <p>Besides the periods, the rule counts reading days in a rolling window of the last {@code periodDays} days and
 * writes one {@link AdherenceRecord} per patient and UTC day ({@link #daily}): the rolling count up to the last
 * complete day, and the current period's count and reachable days.
 */
public record AdherenceRule(String id, int version, String description, int periodDays, int requiredDays,
        Severity severity, String source) implements Rule, ReadingRule<AdherenceRule.State> {

    /**
     * The current period, its reading days, and whether the shortfall was reported; the reading days of the
     * rolling window (the last {@code periodDays} days up to the newest reading day) and the last day a daily
     * adherence record was written for.
     */
    public record State(LocalDate firstDay, LocalDate periodStart, List<LocalDate> days, boolean flagged,
            List<LocalDate> recentDays, LocalDate reportedThrough) {
        public State {
            days = List.copyOf(days);
            recentDays = recentDays == null ? List.of() : List.copyOf(recentDays);
        }

        State(LocalDate firstDay, LocalDate periodStart, List<LocalDate> days, boolean flagged) {
            this(firstDay, periodStart, days, flagged, List.of(), null);
        }

        State withPeriod(LocalDate periodStart, List<LocalDate> days, boolean flagged) {
            return new State(firstDay, periodStart, days, flagged, recentDays, reportedThrough);
        }
    }

    /** The next state and the daily record it produced. */
    public record Daily(State state, AdherenceRecord record) {
    }

    public AdherenceRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        if (periodDays < 1 || requiredDays < 1 || requiredDays > periodDays) {
            throw new IllegalArgumentException("need 1 <= requiredDays <= periodDays");
        }
    }

    @Override
    public boolean appliesTo(Reading reading) {
        return true;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public Step<State> step(State state, Reading reading, Evaluation evaluation) {
        LocalDate day = LocalDate.ofInstant(reading.measuredAt(), ZoneOffset.UTC);
        if (state == null) {
            return check(new State(day, day, List.of(day), false, List.of(day), null), reading.patientId(),
                    evaluation.detectedAt(),
                    evaluation.detectedAt());
        }
        State counted = withRecentDay(state, day);
        if (day.isBefore(state.periodStart())) {
            return Step.of(counted);
        }
        Step<State> rolled = roll(counted, day, reading.patientId(), evaluation.detectedAt());
        TreeSet<LocalDate> days = new TreeSet<>(rolled.state().days());
        days.add(day);
        State next = rolled.state().withPeriod(rolled.state().periodStart(), List.copyOf(days),
                rolled.state().flagged());
        Step<State> checked = check(next, reading.patientId(), evaluation.detectedAt(), evaluation.detectedAt());
        return new Step<>(checked.state(), concat(rolled.findings(), checked.findings()));
    }

    /** On the wall clock: closes an ended period and reports a shortfall that has become certain. */
    public Optional<Step<State>> check(State state, String patientId, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (today.isBefore(state.periodStart())) {
            return Optional.empty();
        }
        Step<State> rolled = roll(state, today, patientId, now);
        Step<State> checked = check(rolled.state(), patientId, now, now);
        if (checked.state().equals(state)) {
            return Optional.empty();
        }
        return Optional.of(new Step<>(checked.state(), concat(rolled.findings(), checked.findings())));
    }

    /**
     * On the wall clock, once per UTC day: the adherence record of the last complete day ({@code now}'s day minus
     * one), if the patient's first reading day is complete and no record was written for that day yet. After a
     * downtime only the last complete day is reported (days missed are not back-filled).
     */
    public Optional<Daily> daily(State state, String patientId, Instant now) {
        LocalDate yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        if (yesterday.isBefore(state.firstDay())
                || (state.reportedThrough() != null && !state.reportedThrough().isBefore(yesterday))) {
            return Optional.empty();
        }
        LocalDate from = yesterday.minusDays(periodDays - 1L);
        List<LocalDate> window = state.recentDays().stream()
                .filter(d -> !d.isBefore(from) && !d.isAfter(yesterday)).toList();
        // the period yesterday belongs to, even if a reading of today already started the next one
        LocalDate periodStart = periodStartOf(state.firstDay(), yesterday);
        long periodDaysSoFar = java.util.stream.Stream.concat(state.days().stream(), state.recentDays().stream())
                .filter(d -> !d.isBefore(periodStart) && !d.isAfter(yesterday)).distinct().count();
        long left = Math.max(0, ChronoUnit.DAYS.between(yesterday, periodStart.plusDays(periodDays)) - 1);
        AdherenceRecord record = new AdherenceRecord(Schema.VERSION, AdherenceRecord.idFor(id, patientId, yesterday),
                patientId, id, yesterday, periodDays, window.size(), requiredDays, periodStart,
                (int) periodDaysSoFar, (int) Math.min(periodDays, periodDaysSoFar + left), now);
        List<LocalDate> kept = state.recentDays().stream().filter(d -> !d.isBefore(from)).toList();
        State next = new State(state.firstDay(), state.periodStart(), state.days(), state.flagged(), kept,
                yesterday);
        return Optional.of(new Daily(next, record));
    }

    /** The first day of the period {@code day} belongs to: periods follow each other from {@code firstDay}. */
    private LocalDate periodStartOf(LocalDate firstDay, LocalDate day) {
        long index = Math.floorDiv(ChronoUnit.DAYS.between(firstDay, day), periodDays);
        return firstDay.plusDays(index * periodDays);
    }

    /**
     * {@code state} with {@code day} among the rolling window's reading days; days more than {@code periodDays}
     * before the newest are dropped (one day more than the window, so the record of a period's last day can still
     * count that period after a reading of the next day started the next period).
     */
    private State withRecentDay(State state, LocalDate day) {
        if (state.recentDays().contains(day)) {
            return state;
        }
        TreeSet<LocalDate> recent = new TreeSet<>(state.recentDays());
        recent.add(day);
        LocalDate from = recent.last().minusDays(periodDays);
        recent.headSet(from).clear();
        return new State(state.firstDay(), state.periodStart(), state.days(), state.flagged(), List.copyOf(recent),
                state.reportedThrough());
    }

    private Step<State> roll(State state, LocalDate day, String patientId, Instant now) {
        long index = ChronoUnit.DAYS.between(state.periodStart(), day) / periodDays;
        if (index == 0) {
            return Step.of(state);
        }
        LocalDate start = state.periodStart().plusDays(index * periodDays);
        State fresh = state.withPeriod(start, List.of(), false);
        if (!state.flagged()) {
            return Step.of(fresh);
        }
        Finding closed = draft(FindingDraft.resolved(this, patientId), state, state.days().size())
                .summary(description + ": period ended with " + state.days().size() + " of " + requiredDays
                        + " required reading days")
                .buildOncePerEpisode(now);
        return Step.of(fresh, closed);
    }

    private Step<State> check(State state, String patientId, Instant today, Instant now) {
        if (state.flagged()) {
            return Step.of(state);
        }
        LocalDate day = LocalDate.ofInstant(today, ZoneOffset.UTC);
        LocalDate end = state.periodStart().plusDays(periodDays);
        long left = Math.max(0, ChronoUnit.DAYS.between(day, end)) - (state.days().contains(day) ? 1 : 0);
        long reachable = state.days().size() + left;
        if (reachable >= requiredDays) {
            return Step.of(state);
        }
        State flagged = state.withPeriod(state.periodStart(), state.days(), true);
        Finding finding = draft(FindingDraft.active(this, patientId), state, state.days().size())
                .summary(description + ": at most " + reachable + " of " + requiredDays
                        + " required reading days can still be reached in this period")
                .detail("reachableDays", reachable)
                .buildOncePerEpisode(now);
        return Step.of(flagged, finding);
    }

    private FindingDraft draft(FindingDraft draft, State state, int daysWithReadings) {
        Instant start = state.periodStart().atStartOfDay(ZoneOffset.UTC).toInstant();
        return draft.severity(severity).window(start, start.plus(periodDays, ChronoUnit.DAYS))
                .value(BigDecimal.valueOf(daysWithReadings)).detail("kind", "adherence")
                .detail("daysWithReadings", daysWithReadings).detail("requiredDays", requiredDays)
                .detail("periodDays", periodDays).detail("episodeStart", start).detail("source", source);
    }

    private static List<Finding> concat(List<Finding> a, List<Finding> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
