package org.rpmpipeline.ble;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The 7-octet Bluetooth Date Time (year uint16, month, day, hours, minutes, seconds) used as Time Stamp and Base
 * Time. It is the device's local wall clock, with no zone. Year, month or day 0 means "not known"; then there is no
 * {@link LocalDateTime}. See DOMAIN.md 1.3.
 */
public record GattDateTime(int year, int month, int day, int hours, int minutes, int seconds) {
    public static final int LENGTH = 7;

    public GattDateTime {
        range("year", year, 1582, 9999, true);
        range("month", month, 1, 12, true);
        range("day", day, 1, 31, true);
        range("hours", hours, 0, 23, false);
        range("minutes", minutes, 0, 59, false);
        range("seconds", seconds, 0, 59, false);
        if (year != 0 && month != 0 && day != 0) {
            try {
                LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("no such date " + year + "-" + month + "-" + day, e);
            }
        }
    }

    /** The date time of a known wall-clock time (seconds precision; nanoseconds are dropped). */
    public static GattDateTime of(LocalDateTime time) {
        return new GattDateTime(time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour(),
                time.getMinute(), time.getSecond());
    }

    /** True when year, month and day are all known. */
    public boolean isDateKnown() {
        return year != 0 && month != 0 && day != 0;
    }

    /** The wall-clock time, or empty when the date is (partly) not known. */
    public Optional<LocalDateTime> toLocalDateTime() {
        return isDateKnown()
                ? Optional.of(LocalDateTime.of(year, month, day, hours, minutes, seconds))
                : Optional.empty();
    }

    private static void range(String field, int value, int min, int max, boolean zeroMeansUnknown) {
        if ((value < min || value > max) && !(zeroMeansUnknown && value == 0)) {
            throw new IllegalArgumentException(field + " " + value + " outside [" + min + ", " + max + "]"
                    + (zeroMeansUnknown ? " (0 = not known)" : ""));
        }
    }
}
