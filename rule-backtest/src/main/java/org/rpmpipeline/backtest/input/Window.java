package org.rpmpipeline.backtest.input;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rpmpipeline.contract.config.Settings;

/**
 * The period a backtest reports on, {@code [from, to)}, and the warm-up before it: the rules run from
 * {@code from - warmUp} so that episodes, trends and NEWS2 values already under way at {@code from} are known, but
 * only findings, alerts and notifications at or after {@code from} are counted.
 */
public record Window(Instant from, Instant to, Duration warmUp) {
    /** The longest window a backtest replays. */
    public static final Duration MAX_LENGTH = Duration.ofDays(366);
    /** The longest warm-up. */
    public static final Duration MAX_WARM_UP = Duration.ofDays(31);

    public Window {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(warmUp, "warmUp");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("the warm-up must not be negative");
        }
    }

    /**
     * The window of the flags {@code --from}, {@code --to} and {@code --warm-up}, each a duration before
     * {@code now} ({@code 30d}) or an instant ({@code 2026-11-01T00:00Z}, {@code 2026-11-01}); {@code to} defaults
     * to {@code now}.
     */
    public static Window parse(String from, String to, String warmUp, Instant now) {
        Instant start = time("--from", from, now);
        Instant end = to == null ? now : time("--to", to, now);
        if (end.isAfter(now)) {
            throw new BadInputException("--to: must not be in the future, was " + end);
        }
        if (!start.isBefore(end)) {
            throw new BadInputException("--from: must be before --to (" + end + "), was " + start);
        }
        if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
            throw new BadInputException("--from: the window may span at most 366 days, was "
                    + Duration.between(start, end).toDays() + " days");
        }
        Duration warm = warmUp == null ? Duration.ofDays(1) : Settings.parseDuration(warmUp)
                .orElseThrow(() -> new BadInputException(
                        "--warm-up: must be a duration such as 0s, 12h or 1d, was \"" + warmUp + "\""));
        if (warm.isNegative() || warm.compareTo(MAX_WARM_UP) > 0) {
            throw new BadInputException("--warm-up: must be between 0s and 31d, was \"" + warmUp + "\"");
        }
        return new Window(start, end, warm);
    }

    /** A point in time: a duration before {@code now}, an instant, a date-time with offset, or a UTC date. */
    static Instant time(String flag, String text, Instant now) {
        if (text == null || text.isBlank()) {
            throw new BadInputException(flag + ": a value is required");
        }
        String t = text.strip();
        Optional<Duration> ago = Settings.parseDuration(t);
        if (ago.isPresent() && !ago.get().isNegative() && !ago.get().isZero()) {
            return now.minus(ago.get());
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new BadInputException(flag + ": must be a duration before now such as 30d or 12h, or a time "
                        + "such as 2026-11-01T00:00Z or 2026-11-01, was \"" + t + "\"");
            }
        }
    }

    /** Where the replay starts: {@code from} minus the warm-up. */
    public Instant replayFrom() {
        return from.minus(warmUp);
    }

    /** True if {@code instant} lies in {@code [from, to)}. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    /** The UTC days the window touches, first to last. */
    public List<LocalDate> days() {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /** The index of {@code instant}'s UTC day in {@link #days()} (negative before the window). */
    public int dayIndex(Instant instant) {
        return (int) (LocalDate.ofInstant(instant, ZoneOffset.UTC).toEpochDay()
                - LocalDate.ofInstant(from, ZoneOffset.UTC).toEpochDay());
    }
}
