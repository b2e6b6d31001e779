package org.rpmpipeline.alerts.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
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
 *
 * <p>Every delivery goes through the {@link DeliveryLog} first: a notification id already delivered is not sent
 * again (it is returned as sent, as it was delivered, so its records are written once more), and a new one is
 * sent only once every earlier delivery is recorded in Kafka, then recorded itself before the next one starts.
 */
public final class Notifier implements AutoCloseable {
    private final List<NotificationChannel> channels;
    private final NotificationPolicy policy;
    private final DeliveryLog deliveries;
    private final Clock clock;
    private final MeterRegistry metrics;

    public Notifier(List<NotificationChannel> channels, NotificationPolicy policy, DeliveryLog deliveries,
            Clock clock, MeterRegistry metrics) {
        this.channels = List.copyOf(channels);
        this.policy = policy;
        this.deliveries = deliveries;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * What a notification round did: the notifications sent (or found already delivered), those a channel gave up
     * on, and the writes of their delivery records, which the caller waits for: a failed one means Kafka did not
     * take a delivery record, and the round stopped before sending anything more.
     */
    public record Outcome(List<Notification> sent, List<Notification> failed, List<Future<?>> recorded) {
        static final Outcome NONE = new Outcome(List.of(), List.of(), List.of());
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
        List<Future<?>> recorded = new ArrayList<>();
        if (!deliveries.catchUp()) {
            return unrecorded(sent, failed, recorded);
        }
        for (String recipient : recipients) {
            for (NotificationChannel channel : channels) {
                if (!channel.accepts(recipient)) {
                    continue;
                }
                String id = notificationIdFor(alert, reason, tier, channel.name(), recipient);
                Optional<Notification> delivered = deliveries.find(id);
                if (delivered.isPresent()) {
                    metrics.counter("rpm.alerts.notifications.repeats.skipped", "channel", channel.name())
                            .increment();
                    Logger.debug("notification already delivered, not sent again [notification: {}, alert: {}]",
                            id, alert.alertId());
                    sent.add(delivered.get());
                    continue;
                }
                if (!deliveries.catchUp()) {
                    return unrecorded(sent, failed, recorded);
                }
                Notification notification = new Notification(Schema.VERSION, id, alert.alertId(),
                        alert.patientId(), channel.name(), recipient, alert.severity(),
                        channel.text(alert, reason), now);
                try {
                    channel.send(notification);
                } catch (NotificationException | RuntimeException e) {
                    metrics.counter("rpm.alerts.notifications.failed", "channel", channel.name()).increment();
                    failed.add(notification);
                    Logger.warn("notification failed [channel: {}, alert: {}, error: {}]", channel.name(),
                            alert.alertId(), e.toString());
                    continue;
                }
                metrics.counter("rpm.alerts.notifications.sent", "channel", channel.name()).increment();
                sent.add(notification);
                Future<?> record = deliveries.record(notification);
                recorded.add(record);
                if (!record.isDone()) {
                    // interrupted while waiting: stop, the caller's retry sends the rest
                    return new Outcome(sent, failed, recorded);
                }
            }
        }
        return new Outcome(sent, failed, recorded);
    }

    /** The round so far, failed: earlier deliveries are not in Kafka, so none more may start. */
    private static Outcome unrecorded(List<Notification> sent, List<Notification> failed,
            List<Future<?>> recorded) {
        recorded.add(CompletableFuture.failedFuture(new NotificationException(
                "earlier deliveries are not recorded in Kafka yet: not sending more", null)));
        return new Outcome(sent, failed, recorded);
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
