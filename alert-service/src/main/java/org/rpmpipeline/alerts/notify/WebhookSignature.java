package org.rpmpipeline.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signatures, both HMAC-SHA256 with the same secret key:
 * <ul>
 * <li>Standard Webhooks: {@code webhook-id: <notification id>}, {@code webhook-timestamp: <epoch seconds>} and
 * {@code webhook-signature: v1,<base64 HMAC(key, "<id>.<timestamp>.<body>")>}, which the Standard Webhooks
 * libraries verify given the key as {@code whsec_<base64 of the key>};</li>
 * <li>the project's own, kept for existing receivers: {@code X-Rpm-Signature: sha256=<hex HMAC(key,
 * "<timestamp>.<body>")>} with {@code X-Rpm-Timestamp} and {@code X-Rpm-Notification-Id}.</li>
 * </ul>
 * Signing the timestamp with the body lets a receiver reject replays: {@link #verify} and
 * {@link #verifyStandard} refuse a timestamp further than the tolerance from their own clock. The id stays the
 * same on every attempt and every repeat of a notification, so receivers drop one they already took.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Rpm-Signature";
    public static final String TIMESTAMP_HEADER = "X-Rpm-Timestamp";
    public static final String ID_HEADER = "X-Rpm-Notification-Id";
    public static final String STANDARD_ID_HEADER = "webhook-id";
    public static final String STANDARD_TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String STANDARD_SIGNATURE_HEADER = "webhook-signature";
    /** The prefix of a Standard Webhooks symmetric secret (the key follows in base64). */
    public static final String SECRET_PREFIX = "whsec_";
    private static final String STANDARD_VERSION = "v1,";

    private final byte[] secret;

    public WebhookSignature(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the webhook secret must be at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    /**
     * The key of a secret as written in a secret file: {@code whsec_<base64>} (the Standard Webhooks form) is
     * decoded, anything else is taken as it is (UTF-8).
     *
     * @throws IllegalArgumentException if a {@code whsec_} secret is not valid base64
     */
    public static byte[] keyOf(String secret) {
        if (secret.startsWith(SECRET_PREFIX)) {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The key in the form Standard Webhooks receivers are given: {@code whsec_<base64 of the key>}. */
    public String standardSecret() {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(secret);
    }

    /** {@code X-Rpm-Signature} of {@code body} sent at {@code epochSeconds}. */
    public String sign(long epochSeconds, String body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(epochSeconds + "." + body));
    }

    /** {@code webhook-signature} (Standard Webhooks) of {@code body} sent as {@code id} at {@code epochSeconds}. */
    public String signStandard(String id, long epochSeconds, String body) {
        if (id.contains(".")) {
            throw new IllegalArgumentException("a webhook id must not contain '.'");
        }
        return STANDARD_VERSION + Base64.getEncoder().encodeToString(hmac(id + "." + epochSeconds + "." + body));
    }

    /** True if {@code signature} matches and {@code epochSeconds} is within {@code tolerance} of {@code now}. */
    public boolean verify(long epochSeconds, String body, String signature, Instant now, Duration tolerance) {
        if (Math.abs(now.getEpochSecond() - epochSeconds) > tolerance.toSeconds()) {
            return false;
        }
        return signature != null && equal(sign(epochSeconds, body), signature);
    }

    /**
     * True if one of the space-separated signatures of a {@code webhook-signature} header is this key's
     * {@code v1} signature of {@code id}, {@code epochSeconds} and {@code body}, and {@code epochSeconds} is
     * within {@code tolerance} of {@code now}.
     */
    public boolean verifyStandard(String id, long epochSeconds, String body, String signatures, Instant now,
            Duration tolerance) {
        if (id == null || signatures == null || id.contains(".")
                || Math.abs(now.getEpochSecond() - epochSeconds) > tolerance.toSeconds()) {
            return false;
        }
        String expected = signStandard(id, epochSeconds, body);
        boolean matched = false;
        for (String candidate : signatures.trim().split(" +")) {
            matched |= equal(expected, candidate);
        }
        return matched;
    }

    private byte[] hmac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
