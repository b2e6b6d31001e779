package org.rpmpipeline.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rpmpipeline.alerts.intake.Backoff;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.json.Json;
import org.tinylog.Logger;

/**
 * POSTs each notification as JSON to a webhook, signed with {@link WebhookSignature} (Standard Webhooks headers
 * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}, and the older {@code X-Rpm-*} ones).
 * The id is the notification id: the same on every attempt and on a repeat after a crash. The body carries the
 * notification id, alert id, severity, recipient, text and time, and no patient id. A failed POST (connection
 * error or non-2xx) is retried with exponential backoff; after {@code maxAttempts} the channel gives up and the
 * notification is dead-lettered by the caller.
 */
public final class WebhookChannel implements NotificationChannel {
    public static final String NAME = "webhook";

    private final URI url;
    private final WebhookSignature signature;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final CountDownLatch closed = new CountDownLatch(1);

    public WebhookChannel(URI url, WebhookSignature signature, int maxAttempts, Backoff backoff, Duration timeout,
            Clock clock) {
        this.url = url;
        this.signature = signature;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(Notification notification) throws NotificationException {
        String body = body(notification);
        String failure = "";
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            if (attempt > 0 && waitOrClosed(backoff.delay(attempt - 1))) {
                break;
            }
            long timestamp = clock.instant().getEpochSecond();
            String id = notification.notificationId();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.STANDARD_ID_HEADER, id)
                    .header(WebhookSignature.STANDARD_TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.STANDARD_SIGNATURE_HEADER, signature.signStandard(id, timestamp, body))
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body))
                    .header(WebhookSignature.ID_HEADER, id)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "status " + status;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotificationException("interrupted", e);
            }
            Logger.debug("webhook attempt failed [alert: {}, attempt: {}, error: {}]", notification.alertId(),
                    attempt + 1, failure);
        }
        throw new NotificationException("webhook failed after " + maxAttempts + " attempts: " + failure, null);
    }

    static String body(Notification notification) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("notificationId", notification.notificationId());
        body.put("alertId", notification.alertId());
        body.put("severity", notification.severity().code());
        body.put("recipient", notification.recipient());
        body.put("text", notification.text());
        body.put("sentAt", notification.sentAt().toString());
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode webhook body", e);
        }
    }

    private boolean waitOrClosed(Duration delay) {
        try {
            return closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
