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
    void carriesTheStandardWebhooksHeaders_withTheNotificationIdAsTheWebhookId() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            channel(receiver, 3).send(notification);

            assertThat(receiver.received()).singleElement().satisfies(r -> {
                assertThat(r.webhookId()).isEqualTo("n-1");
                assertThat(r.webhookTimestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
                assertThat(r.webhookSignature()).startsWith("v1,");
                assertThat(signature.verifyStandard(r.webhookId(), Long.parseLong(r.webhookTimestamp()), r.body(),
                        r.webhookSignature(), NOW, Duration.ofMinutes(5))).isTrue();
            });
        }
    }

    @Test
    void aNotificationSentAgainCarriesTheSameWebhookId() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            WebhookChannel channel = channel(receiver, 3);

            channel.send(notification);
            channel.send(notification);

            assertThat(receiver.received()).extracting(WebhookReceiver.Received::webhookId)
                    .containsExactly("n-1", "n-1");
        }
    }

    @Test
    void standardSignatureMatchesTheStandardWebhooksReferenceVector() {
        WebhookSignature reference = new WebhookSignature(
                WebhookSignature.keyOf("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        String body = "{\"test\": 2432232314}";
        Instant sent = Instant.ofEpochSecond(1614265330);

        String header = reference.signStandard("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);

        assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(reference.standardSecret()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(reference.verifyStandard("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body,
                "v1,bm90IHRoaXMgb25l " + header, sent, Duration.ofMinutes(5))).as("one of several matches").isTrue();
        assertThat(reference.verifyStandard("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body + " ", header, sent,
                Duration.ofMinutes(5))).as("tampered body").isFalse();
        assertThat(reference.verifyStandard("msg_other", 1614265330, body, header, sent, Duration.ofMinutes(5)))
                .as("another id").isFalse();
        assertThat(reference.verifyStandard("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, header,
                sent.plusSeconds(600), Duration.ofMinutes(5))).as("replayed ten minutes later").isFalse();
    }

    @Test
    void aSecretFileMayHoldEitherTheKeyOrAStandardWebhooksSecret() {
        assertThat(WebhookSignature.keyOf("0123456789abcdef-secret"))
                .isEqualTo("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSignature.keyOf("whsec_" + java.util.Base64.getEncoder().encodeToString(
                "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> WebhookSignature.keyOf("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
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
