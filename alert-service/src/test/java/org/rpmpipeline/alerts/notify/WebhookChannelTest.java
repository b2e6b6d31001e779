package org.rpmpipeline.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.intake.Backoff;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Severity;

class WebhookChannelTest {
    private static final Instant NOW = Instant.parse("2026-03-15T08:31:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final WebhookSignature signature = new WebhookSignature(
            "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));
    private final Notification notification = new Notification(1, "n-1", "alert-1", "pat-secret-id", "webhook",
            "ward-3", Severity.HIGH, "HIGH spo2-low (alert alert-1)", NOW);

    @Test
    void postsASignedBodyWithoutThePatientId() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            channel(receiver, 3).send(notification);

            assertThat(receiver.received()).singleElement().satisfies(r -> {
                assertThat(r.notificationId()).isEqualTo("n-1");
                assertThat(r.body()).contains("\"alertId\":\"alert-1\"").doesNotContain("pat-secret-id");
                assertThat(signature.verify(Long.parseLong(r.timestamp()), r.body(), r.signature(), NOW,
                        Duration.ofMinutes(5))).isTrue();
            });
        }
    }

    @Test
    void signatureRejectsTamperingAndReplay() {
        String sig = signature.sign(NOW.getEpochSecond(), "{\"a\":1}");

        assertThat(signature.verify(NOW.getEpochSecond(), "{\"a\":2}", sig, NOW, Duration.ofMinutes(5))).isFalse();
        assertThat(signature.verify(NOW.getEpochSecond(), "{\"a\":1}", sig, NOW.plusSeconds(600),
                Duration.ofMinutes(5))).as("replayed ten minutes later").isFalse();
        assertThat(new WebhookSignature("another-secret-of-16".getBytes(StandardCharsets.UTF_8))
                .verify(NOW.getEpochSecond(), "{\"a\":1}", sig, NOW, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void retriesUntilTheEndpointAccepts() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2)) {
            channel(receiver, 3).send(notification);

            assertThat(receiver.calls()).isEqualTo(3);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void givesUpAfterMaxAttempts() {
        try (WebhookReceiver receiver = new WebhookReceiver(10)) {
            assertThatThrownBy(() -> channel(receiver, 3).send(notification))
                    .isInstanceOf(NotificationException.class).hasMessageContaining("3 attempts");
            assertThat(receiver.calls()).isEqualTo(3);
        }
    }

    private WebhookChannel channel(WebhookReceiver receiver, int attempts) {
        return new WebhookChannel(receiver.url(), signature, attempts,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), Duration.ofSeconds(2), CLOCK);
    }
}
