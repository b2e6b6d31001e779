package org.rpmpipeline.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code X-Rpm-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>} with
 * {@code X-Rpm-Timestamp: <epoch seconds>}. Signing the timestamp with the body lets a receiver reject replays:
 * {@link #verify} refuses a timestamp further than the tolerance from its own clock.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Rpm-Signature";
    public static final String TIMESTAMP_HEADER = "X-Rpm-Timestamp";
    public static final String ID_HEADER = "X-Rpm-Notification-Id";

    private final byte[] secret;

    public WebhookSignature(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the webhook secret must be at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    public String sign(long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** True if {@code signature} matches and {@code epochSeconds} is within {@code tolerance} of {@code now}. */
    public boolean verify(long epochSeconds, String body, String signature, Instant now, Duration tolerance) {
        if (Math.abs(now.getEpochSecond() - epochSeconds) > tolerance.toSeconds()) {
            return false;
        }
        return signature != null && MessageDigest.isEqual(sign(epochSeconds, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
