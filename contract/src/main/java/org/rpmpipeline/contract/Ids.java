package org.rpmpipeline.contract;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Opaque identifiers (device, patient, hub, reading) and the deterministic ids derived from them.
 * Identifiers are opaque tokens, never names: they may appear in debug logs and in MQTT topic levels.
 */
public final class Ids {
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Ids() {
    }

    /** Returns {@code value} if it is a valid opaque id, else throws naming {@code field}. */
    public static String require(String field, String value) {
        Objects.requireNonNull(value, () -> field + " is required");
        if (!OPAQUE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match " + OPAQUE.pattern() + ", was \"" + value + "\"");
        }
        return value;
    }

    /** Like {@link #require} but accepts {@code null}. */
    public static String optional(String field, String value) {
        return value == null ? null : require(field, value);
    }

    /** True if {@code value} is a valid opaque id. */
    public static boolean isValid(String value) {
        return value != null && OPAQUE.matcher(value).matches();
    }

    /**
     * A name-based (version 3) UUID over the parts joined by {@code '|'}: the same parts give the same id on every
     * run and every instance, which is what makes redelivered readings and re-run findings idempotent.
     */
    public static String deterministic(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
