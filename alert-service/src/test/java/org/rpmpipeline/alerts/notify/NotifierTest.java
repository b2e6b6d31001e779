package org.rpmpipeline.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.lifecycle.Transition;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Severity;

class NotifierTest {
    private static final Instant NOW = Instant.parse("2026-03-15T08:31:00Z");
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void sendsANotifyingTransitionThroughEveryChannel() {
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(new ConsoleChannel(), recording), policy(), clock, metrics);

        List<Notification> sent = notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).sent();

        assertThat(sent).extracting(Notification::channel).containsExactly("console", "recording");
        assertThat(recording.sent).singleElement().satisfies(n -> {
            assertThat(n.alertId()).isEqualTo("alert-1");
            assertThat(n.severity()).isEqualTo(Severity.HIGH);
            assertThat(n.sentAt()).isEqualTo(NOW);
            assertThat(n.recipient()).isEqualTo("nurse-desk");
            assertThat(n.text()).contains("HIGH", "spo2-low", "SpO2 below 92 %", "alert-1")
                    .doesNotContain("pat-1");
        });
        assertThat(metrics.counter("rpm.alerts.notifications.sent", "channel", "recording").count()).isEqualTo(1);
    }

    @Test
    void nonNotifyingTransitionSendsNothing() {
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(recording), policy(), clock, metrics);

        assertThat(notifier.notify(new Transition(alert(), Transition.Kind.UPDATED)).sent()).isEmpty();
        assertThat(recording.sent).isEmpty();
    }

    @Test
    void failingChannelIsCountedAndDoesNotStopTheOthers() {
        Recording recording = new Recording();
        NotificationChannel broken = new Recording() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void send(Notification notification) throws NotificationException {
                throw new NotificationException("endpoint down", null);
            }
        };
        Notifier notifier = new Notifier(List.of(broken, recording), policy(), clock, metrics);

        Notifier.Outcome outcome = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        assertThat(outcome.sent()).extracting(Notification::channel).containsExactly("recording");
        assertThat(outcome.failed()).extracting(Notification::channel).containsExactly("broken");
        assertThat(metrics.counter("rpm.alerts.notifications.failed", "channel", "broken").count()).isEqualTo(1);
    }

    @Test
    void notificationIdIsStableForTheSameAlertChangeAndChannel() {
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(recording), policy(), clock, metrics);

        String first = notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).sent().get(0).notificationId();
        String again = notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).sent().get(0).notificationId();
        String raised = notifier.notify(new Transition(alert(), Transition.Kind.SEVERITY_RAISED)).sent()
                .get(0).notificationId();

        assertThat(again).isEqualTo(first);
        assertThat(raised).isNotEqualTo(first);
    }

    private static NotificationPolicy policy() {
        return new NotificationPolicy(CareTeams.single("nurse-desk"), new Snoozes());
    }

    private static Alert alert() {
        return new Alert(1, "alert-1", "pat-1", "spo2-low", Severity.HIGH, AlertState.OPEN, List.of("f-1"),
                new BigDecimal("89"), "SpO2 below 92 %", NOW, NOW, "system");
    }

    private static class Recording implements NotificationChannel {
        final List<Notification> sent = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void send(Notification notification) throws NotificationException {
            sent.add(notification);
        }
    }
}
