package org.rpmpipeline.alerts.notify;

/** A channel could not deliver a notification. */
public final class NotificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
