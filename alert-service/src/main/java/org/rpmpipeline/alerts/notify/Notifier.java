package org.rpmpipeline.alerts.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rpmpipeline.alerts.lifecycle.Transition;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.Notification;
import org.tinylog.Logger;

/**
 * Sends an alert to the recipients the {@link NotificationPolicy} picks, through every configured channel. A
 * channel that fails is counted and logged and does not stop the others; the notifications that were sent are
 * returned for {@code rpm.notifications}.
 */
public final class Notifier implements AutoCloseable {
    private final List<NotificationChannel> channels;
    private final NotificationPolicy policy;
    private final Clock clock;
    private final MeterRegistry metrics;

    public Notifier(List<NotificationChannel> channels, NotificationPolicy policy, Clock clock,
            MeterRegistry metrics) {
        this.channels = List.copyOf(channels);
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** What a notification round did: the notifications sent, and those a channel gave up on. */
    public record Outcome(List<Notification> sent, List<Notification> failed) {
        static final Outcome NONE = new Outcome(List.of(), List.of());
    }

    /** Notifies the first tier about a notifying {@code transition}. */
    public Outcome notify(Transition transition) {
        return switch (transition.kind()) {
            case OPENED -> notify(transition.alert(), Reason.OPENED, 0);
            case SEVERITY_RAISED -> notify(transition.alert(), Reason.SEVERITY_RAISED, 0);
            default -> Outcome.NONE;
        };
    }

    /** Notifies tier {@code tier} of the patient's care team about {@code alert}. */
    public Outcome notify(Alert alert, Reason reason, int tier) {
        Instant now = clock.instant();
        List<String> recipients = policy.recipients(alert, tier, now);
        if (recipients.isEmpty()) {
            metrics.counter("rpm.alerts.notifications.held", "reason", reason.name().toLowerCase(Locale.ROOT)).increment();
            return Outcome.NONE;
        }
        List<Notification> sent = new ArrayList<>();
        List<Notification> failed = new ArrayList<>();
        for (String recipient : recipients) {
            for (NotificationChannel channel : channels) {
                if (!channel.accepts(recipient)) {
                    continue;
                }
                String text = channel.text(alert, reason);
                Notification notification = new Notification(Schema.VERSION,
                        notificationIdFor(alert, reason, tier, channel.name(), recipient), alert.alertId(),
                        alert.patientId(), channel.name(), recipient, alert.severity(), text, now);
                try {
                    channel.send(notification);
                    metrics.counter("rpm.alerts.notifications.sent", "channel", channel.name()).increment();
                    sent.add(notification);
                } catch (NotificationException | RuntimeException e) {
                    metrics.counter("rpm.alerts.notifications.failed", "channel", channel.name()).increment();
                    failed.add(notification);
                    Logger.warn("notification failed [channel: {}, alert: {}, error: {}]", channel.name(),
                            alert.alertId(), e.toString());
                }
            }
        }
        return new Outcome(sent, failed);
    }

    /** Deterministic: the same alert, reason, severity, tier, channel and recipient give the same id. */
    static String notificationIdFor(Alert alert, Reason reason, int tier, String channel, String recipient) {
        return Ids.deterministic("notification", alert.alertId(), reason.name(), alert.severity().code(),
                Integer.toString(tier), channel, recipient);
    }

    @Override
    public void close() {
        for (NotificationChannel channel : channels) {
            try {
                channel.close();
            } catch (RuntimeException e) {
                Logger.warn("closing channel failed [channel: {}, error: {}]", channel.name(), e.toString());
            }
        }
    }
}
