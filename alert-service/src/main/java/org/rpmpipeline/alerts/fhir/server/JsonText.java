package org.rpmpipeline.alerts.fhir.server;

import java.nio.charset.StandardCharsets;

/** A resource's JSON as UTF-8: {@code length} bytes of {@code bytes} from {@code offset}, which are not copied. */
record JsonText(byte[] bytes, int offset, int length) {
    JsonText {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " of " + bytes.length);
        }
    }

    static JsonText of(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new JsonText(bytes, 0, bytes.length);
    }

    /** Whether {@code other} holds the same bytes. */
    boolean contentEquals(JsonText other) {
        return java.util.Arrays.equals(bytes, offset, offset + length, other.bytes, other.offset,
                other.offset + other.length);
    }

    String text() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
