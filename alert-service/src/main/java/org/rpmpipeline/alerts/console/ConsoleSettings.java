package org.rpmpipeline.alerts.console;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.rpmpipeline.contract.config.Settings;

/**
 * The care-team console's settings ({@code rpm.alerts.console.*}).
 *
 * @param enabled serve the console on the alert service's HTTP port
 * @param sessionIdleTimeout a session unused this long is signed out
 * @param sessionMaxAge a session is signed out this long after sign-in, however busy
 * @param maxSessions sessions held at most; one more signs out the least recently used
 * @param secureCookie always mark the session cookie {@code Secure} (behind a proxy that terminates TLS); it is
 *     marked so anyway when the request itself came over TLS
 * @param findingsLookback how far back the console reads {@code rpm.findings} at start (current NEWS2, evidence)
 * @param historyLookback how far back it reads {@code rpm.audit} and {@code rpm.adherence} at start
 * @param maxLiveClients open live-update streams at most
 * @param zone the time zone times are shown in (and the settings editor's times are read in)
 */
public record ConsoleSettings(boolean enabled, Duration sessionIdleTimeout, Duration sessionMaxAge, int maxSessions,
        boolean secureCookie, Duration findingsLookback, Duration historyLookback, int maxLiveClients, ZoneId zone) {

    public static final String ENABLED = "rpm.alerts.console.enabled";
    public static final String SESSION_IDLE_TIMEOUT = "rpm.alerts.console.session-idle-timeout";
    public static final String SESSION_MAX_AGE = "rpm.alerts.console.session-max-age";
    public static final String MAX_SESSIONS = "rpm.alerts.console.max-sessions";
    public static final String SECURE_COOKIE = "rpm.alerts.console.secure-cookie";
    public static final String FINDINGS_LOOKBACK = "rpm.alerts.console.findings-lookback";
    public static final String HISTORY_LOOKBACK = "rpm.alerts.console.history-lookback";
    public static final String MAX_LIVE_CLIENTS = "rpm.alerts.console.max-live-clients";
    public static final String TIME_ZONE = "rpm.alerts.console.time-zone";

    public static ConsoleSettings from(Settings settings) {
        Duration idle = positive(settings, SESSION_IDLE_TIMEOUT, Duration.ofMinutes(30));
        Duration maxAge = positive(settings, SESSION_MAX_AGE, Duration.ofHours(12));
        if (maxAge.compareTo(idle) < 0) {
            throw Settings.invalid(SESSION_MAX_AGE, "must not be shorter than " + SESSION_IDLE_TIMEOUT,
                    maxAge.toString());
        }
        return new ConsoleSettings(settings.bool(ENABLED, true), idle, maxAge,
                settings.integer(MAX_SESSIONS, 10_000, 1, 1_000_000), settings.bool(SECURE_COOKIE, false),
                positive(settings, FINDINGS_LOOKBACK, Duration.ofHours(6)),
                positive(settings, HISTORY_LOOKBACK, Duration.ofDays(31)),
                settings.integer(MAX_LIVE_CLIENTS, 500, 1, 100_000), zone(settings));
    }

    private static ZoneId zone(Settings settings) {
        String name = settings.string(TIME_ZONE, "UTC");
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw Settings.invalid(TIME_ZONE, "must be a time zone such as UTC or Europe/London", name);
        }
    }

    /** The defaults, for tests. */
    public static ConsoleSettings defaults() {
        return from(Settings.of(java.util.Map.of()));
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw Settings.invalid(key, "must be positive", value.toString());
        }
        return value;
    }
}
