package org.rpmpipeline.alerts.notify;

import org.rpmpipeline.contract.alert.Notification;
import org.tinylog.Logger;

/**
 * Writes each notification to the log at INFO: alert id, severity, recipient, notification id (the same on a
 * repeat, so a reader can tell one) and the PHI-free text. The patient id is logged at debug only. The demo's
 * channel; it cannot fail.
 */
public final class ConsoleChannel implements NotificationChannel {
    public static final String NAME = "console";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(Notification notification) {
        Logger.info("ALERT [alert: {}, severity: {}, recipient: {}, notification: {}] {}", notification.alertId(),
                notification.severity().code(), notification.recipient(), notification.notificationId(),
                notification.text());
        Logger.debug("alert patient [alert: {}, patient: {}]", notification.alertId(), notification.patientId());
    }
}
