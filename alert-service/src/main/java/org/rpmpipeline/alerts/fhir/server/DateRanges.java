package org.rpmpipeline.alerts.fhir.server;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The range of instants a FHIR date, dateTime or instant stands for at its precision: {@code 2026-03-15} is the
 * whole day, {@code 2026-03-15T08:30:00Z} one second. A value without a time zone is taken as UTC, so a search
 * gives the same answer on every machine.
 */
final class DateRanges {
    private static final Pattern VALUE = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
                    + "(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

    private DateRanges() {
    }

    /** The first and last millisecond {@code text} covers; throws {@link IllegalArgumentException} if malformed. */
    static long[] of(String text) {
        Matcher m = VALUE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a FHIR date or dateTime: " + text);
        }
        int year = Integer.parseInt(m.group(1));
        int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        String fraction = m.group(7);
        int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        ZoneOffset zone;
        LocalDateTime start;
        try {
            zone = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
            start = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException e) { // well-formed but no such date: month 13, 31 April, +19:00
            throw new IllegalArgumentException("not a FHIR date or dateTime: " + text, e);
        }
        LocalDateTime end;
        if (m.group(2) == null) {
            end = start.plusYears(1);
        } else if (m.group(3) == null) {
            end = start.plusMonths(1);
        } else if (m.group(4) == null) {
            end = start.plusDays(1);
        } else if (m.group(6) == null) {
            end = start.plusMinutes(1);
        } else if (fraction == null) {
            end = start.plusSeconds(1);
        } else {
            end = start.plusNanos(1_000_000); // milliseconds are the finest the store keeps
        }
        return new long[] {start.toInstant(zone).toEpochMilli(), end.toInstant(zone).toEpochMilli() - 1};
    }
}
