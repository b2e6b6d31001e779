package org.rpmpipeline.alerts.http;

import java.util.Locale;

/** What a caller of the alert API may do; each role includes the ones before it. */
public enum Role {
    /** Read alerts. */
    VIEWER,
    /** Read, acknowledge, resolve and snooze alerts. */
    CLINICIAN,
    /** Everything. */
    ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    public static Role fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}
