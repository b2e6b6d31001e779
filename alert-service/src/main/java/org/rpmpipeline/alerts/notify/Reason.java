package org.rpmpipeline.alerts.notify;

/** Why a notification is sent. */
public enum Reason {
    /** A new alert. */
    OPENED,
    /** An unresolved alert's severity went up. */
    SEVERITY_RAISED,
    /** Nobody acknowledged the alert: the first tier is told again. */
    REMINDER,
    /** Still unacknowledged: the next tier of the care team is told. */
    ESCALATED
}
