package org.rpmpipeline.alerts.notify;

import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.Notification;

/**
 * A way to tell the care team about an alert: console, webhook, email. A channel sends the {@link Notification}
 * it is given (addressed to {@link Notification#recipient()}, its text already cut to what channels may carry) and
 * throws {@link NotificationException} if it could not.
 */
public interface NotificationChannel extends AutoCloseable {
    /** The channel name recorded on notifications, e.g. {@code console}. */
    String name();

    /** True if this channel can reach {@code recipient} (e.g. email needs an address); others are skipped. */
    default boolean accepts(String recipient) {
        return true;
    }

    /** The text this channel sends about {@code alert}; override to carry less PHI than the default. */
    default String text(Alert alert, Reason reason) {
        return NotificationText.of(alert, reason);
    }

    /** Sends {@code notification}. */
    void send(Notification notification) throws NotificationException;

    /** Releases the channel's resources; the default holds none. */
    @Override
    default void close() {
    }
}
