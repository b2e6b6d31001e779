package org.rpmpipeline.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.TimeoutException;
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
    private final List<Notification> written = new CopyOnWriteArrayList<>();
    private final DeliveryLog deliveries = new DeliveryLog(n -> {
        written.add(n);
        return CompletableFuture.completedFuture(null);
    }, clock);

    @Test
    void sendsANotifyingTransitionThroughEveryChannel() {
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(new ConsoleChannel(), recording), policy(), deliveries, clock, metrics);

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
        Notifier notifier = new Notifier(List.of(recording), policy(), deliveries, clock, metrics);

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
        Notifier notifier = new Notifier(List.of(broken, recording), policy(), deliveries, clock, metrics);

        Notifier.Outcome outcome = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        assertThat(outcome.sent()).extracting(Notification::channel).containsExactly("recording");
        assertThat(outcome.failed()).extracting(Notification::channel).containsExactly("broken");
        assertThat(metrics.counter("rpm.alerts.notifications.failed", "channel", "broken").count()).isEqualTo(1);
    }

    @Test
    void notificationIdIsStableForTheSameAlertChangeAndChannel() {
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(recording), policy(), deliveries, clock, metrics);

        String first = notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).sent().get(0).notificationId();
        String again = notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).sent().get(0).notificationId();
        String raised = notifier.notify(new Transition(alert(), Transition.Kind.SEVERITY_RAISED)).sent()
                .get(0).notificationId();

        assertThat(again).isEqualTo(first);
        assertThat(raised).isNotEqualTo(first);
    }

    @Test
    void aRepeatedRoundDoesNotDeliverAgainAndReturnsTheNotificationAsItWasDelivered() {
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(recording), policy(), deliveries, clock, metrics);
        Notification first = notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).sent().get(0);

        Notifier.Outcome again = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        assertThat(recording.sent).containsExactly(first);
        assertThat(again.sent()).containsExactly(first);
        assertThat(written).containsExactly(first);
        assertThat(metrics.counter("rpm.alerts.notifications.repeats.skipped", "channel", "recording").count())
                .isEqualTo(1);
    }

    @Test
    void aDeliveryReadBackFromKafkaIsNotSentAgain() {
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(recording), policy(), deliveries, clock, metrics);
        String id = Notifier.notificationIdFor(alert(), Reason.OPENED, 0, "recording", "nurse-desk");
        deliveries.restore(List.of(new Notification(1, id, "alert-1", "pat-1", "recording", "nurse-desk",
                Severity.HIGH, "sent before the restart", NOW.minusSeconds(60))));

        Notifier.Outcome outcome = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        assertThat(recording.sent).isEmpty();
        assertThat(outcome.sent()).singleElement().extracting(Notification::text).isEqualTo("sent before the restart");
    }

    @Test
    void whileKafkaDoesNotTakeADeliveryRecordNothingMoreIsSent_andTheRetryDeliversEachNotificationOnce()
            throws Exception {
        AtomicBoolean kafkaDown = new AtomicBoolean(true);
        List<Notification> recorded = new CopyOnWriteArrayList<>();
        DeliveryLog log = new DeliveryLog(n -> {
            if (kafkaDown.get()) {
                return CompletableFuture.failedFuture(new TimeoutException("broker unreachable"));
            }
            recorded.add(n);
            return CompletableFuture.completedFuture(null);
        }, clock);
        Recording first = new Recording();
        Recording second = new Recording() {
            @Override
            public String name() {
                return "second";
            }
        };
        Notifier notifier = new Notifier(List.of(first, second), policy(), log, clock, metrics);

        Notifier.Outcome failed = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        assertThat(first.sent).hasSize(1);
        assertThat(second.sent).as("not sent while the first delivery is not recorded").isEmpty();
        assertThat(failed.recorded()).anySatisfy(f -> assertThat(f).isDone().failsWithin(Duration.ZERO));

        kafkaDown.set(false);
        Notifier.Outcome retried = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        assertThat(first.sent).hasSize(1);
        assertThat(second.sent).hasSize(1);
        assertThat(retried.sent()).extracting(Notification::channel).containsExactly("recording", "second");
        assertThat(retried.recorded()).allSatisfy(f -> assertThat(f).succeedsWithin(Duration.ZERO));
        assertThat(recorded).extracting(Notification::channel).containsExactly("recording", "second");
    }

    @Test
    void aRoundThatOnlyFindsDeliveriesStillWritesTheRecordKafkaDidNotTake() {
        AtomicBoolean kafkaDown = new AtomicBoolean(true);
        List<Notification> recorded = new CopyOnWriteArrayList<>();
        DeliveryLog log = new DeliveryLog(n -> {
            if (kafkaDown.get()) {
                return CompletableFuture.failedFuture(new TimeoutException("broker unreachable"));
            }
            recorded.add(n);
            return CompletableFuture.completedFuture(null);
        }, clock);
        Recording recording = new Recording();
        Notifier notifier = new Notifier(List.of(recording), policy(), log, clock, metrics);
        notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        Notifier.Outcome whileDown = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));
        kafkaDown.set(false);
        Notifier.Outcome afterwards = notifier.notify(new Transition(alert(), Transition.Kind.OPENED));

        assertThat(whileDown.recorded()).anySatisfy(f -> assertThat(f).isDone().failsWithin(Duration.ZERO));
        assertThat(afterwards.recorded()).isEmpty();
        assertThat(afterwards.sent()).hasSize(1);
        assertThat(recording.sent).hasSize(1);
        assertThat(recorded).extracting(Notification::notificationId)
                .containsExactly(recording.sent.get(0).notificationId());
    }

    @Test
    void aFailedSendIsNotRememberedAsDelivered() {
        AtomicBoolean failing = new AtomicBoolean(true);
        Recording flaky = new Recording() {
            @Override
            public void send(Notification notification) throws NotificationException {
                if (failing.get()) {
                    throw new NotificationException("endpoint down", null);
                }
                super.send(notification);
            }
        };
        Notifier notifier = new Notifier(List.of(flaky), policy(), deliveries, clock, metrics);

        assertThat(notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).failed()).hasSize(1);
        failing.set(false);

        assertThat(notifier.notify(new Transition(alert(), Transition.Kind.OPENED)).sent()).hasSize(1);
        assertThat(flaky.sent).hasSize(1);
        assertThat(written).hasSize(1);
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
