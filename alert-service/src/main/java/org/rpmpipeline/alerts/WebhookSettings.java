package org.rpmpipeline.alerts;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.rpmpipeline.alerts.notify.WebhookSignature;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

/**
 * The webhook channel.
 *
 * @param url where notifications are POSTed
 * @param secret the HMAC-SHA256 key, read from a file (at least 16 bytes): the file's text, or the bytes of a
 *     Standard Webhooks {@code whsec_<base64>} secret
 * @param maxAttempts attempts before a notification is dead-lettered
 * @param backoff wait before the second attempt, doubling after
 * @param timeout connect and request timeout of one attempt
 */
public record WebhookSettings(URI url, byte[] secret, int maxAttempts, Duration backoff, Duration timeout) {
    public static final String URL = "rpm.alerts.webhook.url";
    public static final String SECRET_FILE = "rpm.alerts.webhook.secret-file";
    public static final String MAX_ATTEMPTS = "rpm.alerts.webhook.max-attempts";
    public static final String BACKOFF = "rpm.alerts.webhook.backoff";
    public static final String TIMEOUT = "rpm.alerts.webhook.timeout";

    static WebhookSettings from(Settings settings) {
        URI url = settings.uri(URL, null, Set.of("http", "https"));
        Path secretFile = settings.existingFile(SECRET_FILE)
                .orElseThrow(() -> new ConfigException(Settings.describe(SECRET_FILE) + " is required"));
        byte[] secret;
        try {
            secret = WebhookSignature.keyOf(Files.readString(secretFile).trim());
        } catch (IOException e) {
            throw new ConfigException(Settings.describe(SECRET_FILE) + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Settings.describe(SECRET_FILE) + " holds a " + WebhookSignature.SECRET_PREFIX
                    + " secret that is not valid base64");
        }
        if (secret.length < 16) {
            throw new ConfigException(Settings.describe(SECRET_FILE) + " must hold a secret of at least 16 bytes");
        }
        return new WebhookSettings(url, secret, settings.integer(MAX_ATTEMPTS, 5, 1, 20),
                settings.duration(BACKOFF, Duration.ofMillis(500)), settings.duration(TIMEOUT, Duration.ofSeconds(5)));
    }

    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", secret=****, maxAttempts=" + maxAttempts + ", backoff=" + backoff
                + ", timeout=" + timeout + "]";
    }
}
