package org.rpmpipeline.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.embedded.MutableClock;

class DeliveryLogTest {
    private static final Instant NOW = Instant.parse("2026-03-15T08:31:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Notification> written = new CopyOnWriteArrayList<>();
    private final AtomicBoolean kafkaDown = new AtomicBoolean();
    private final DeliveryLog log = new DeliveryLog(this::write, clock);

    @Test
    void recordWritesTheDeliveryAndRemembersIt() throws Exception {
        Future<?> write = log.record(notification("n-1", "pat-1", NOW));

        assertThat(write).isDone();
        write.get();
        assertThat(written).extracting(Notification::notificationId).containsExactly("n-1");
        assertThat(log.find("n-1")).get().extracting(Notification::sentAt).isEqualTo(NOW);
        assertThat(log.find("n-2")).isEmpty();
        assertThat(log.catchUp()).isTrue();
    }

    @Test
    void aDeliveryKafkaDidNotTakeStaysRememberedAndIsWrittenAgainWhenKafkaIsBack() {
        kafkaDown.set(true);

        Future<?> write = log.record(notification("n-1", "pat-1", NOW));

        assertThat(write).isDone().failsWithin(Duration.ZERO);
        assertThat(log.find("n-1")).as("delivered, so never sent again").isPresent();
        assertThat(log.catchUp()).as("still not in Kafka").isFalse();
        assertThat(written).isEmpty();

        kafkaDown.set(false);

        assertThat(log.catchUp()).isTrue();
        assertThat(written).extracting(Notification::notificationId).containsExactly("n-1");
        assertThat(log.catchUp()).as("nothing left to write").isTrue();
        assertThat(written).hasSize(1);
    }

    @Test
    void restoredDeliveriesAreKnownWithoutBeingWrittenAgain_andThoseBeyondTheHorizonAreIgnored() {
        log.restore(List.of(notification("recent", "pat-1", NOW.minus(Duration.ofDays(6))),
                notification("old", "pat-1", NOW.minus(DeliveryLog.HORIZON).minusSeconds(1))));

        assertThat(log.find("recent")).isPresent();
        assertThat(log.find("old")).isEmpty();
        assertThat(log.catchUp()).isTrue();
        assertThat(written).isEmpty();
    }

    @Test
    void restoreKeepsWhatThisInstanceAlreadyHolds() {
        log.record(notification("n-1", "pat-1", NOW));

        log.restore(List.of(notification("n-1", "pat-1", NOW.minusSeconds(30))));

        assertThat(log.find("n-1")).get().extracting(Notification::sentAt).isEqualTo(NOW);
    }

    @Test
    void retainPatientsForgetsOtherPatientsButNotAnUnwrittenDelivery() {
        log.record(notification("n-1", "pat-1", NOW));
        log.record(notification("n-2", "pat-2", NOW));
        kafkaDown.set(true);
        log.record(notification("n-3", "pat-3", NOW));

        log.retainPatients("pat-1"::equals);

        assertThat(log.find("n-1")).isPresent();
        assertThat(log.find("n-2")).isEmpty();
        assertThat(log.find("n-3")).as("must still reach Kafka").isPresent();
        assertThat(log.size()).isEqualTo(2);
    }

    @Test
    void deliveriesOlderThanTheHorizonAreForgottenAsTimeGoesOn() {
        log.record(notification("n-1", "pat-1", NOW));
        clock.advance(DeliveryLog.HORIZON.plusHours(2));

        log.record(notification("n-2", "pat-1", clock.instant()));

        assertThat(log.find("n-1")).isEmpty();
        assertThat(log.find("n-2")).isPresent();
    }

    @Test
    void aWriterThatThrowsCountsAsAFailedWrite() {
        DeliveryLog throwing = new DeliveryLog(n -> {
            throw new IllegalStateException("producer closed");
        }, clock);

        assertThat(throwing.record(notification("n-1", "pat-1", NOW))).isDone().failsWithin(Duration.ZERO);
        assertThat(throwing.find("n-1")).isPresent();
        assertThat(throwing.catchUp()).isFalse();
    }

    private Future<?> write(Notification notification) {
        if (kafkaDown.get()) {
            return CompletableFuture.failedFuture(new TimeoutException("broker unreachable"));
        }
        written.add(notification);
        return CompletableFuture.completedFuture(null);
    }

    static Notification notification(String id, String patientId, Instant sentAt) {
        return new Notification(1, id, "alert-1", patientId, "webhook", "ward-3", Severity.HIGH,
                "HIGH spo2-low (alert alert-1)", sentAt);
    }
}
