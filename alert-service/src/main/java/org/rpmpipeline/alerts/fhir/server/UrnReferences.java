package org.rpmpipeline.alerts.fhir.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON-level work a transaction does on an entry's resource as received: reading its logical id, and pointing
 * its {@code urn:uuid} references at the resources they stand for, without parsing or encoding the resource.
 */
final class UrnReferences {
    private static final byte[] URN_REFERENCE = "\"reference\":\"urn:uuid:".getBytes(StandardCharsets.US_ASCII);
    private static final int VALUE_OFFSET = "\"reference\":\"".length();
    private static final Pattern LEADING_ID =
            Pattern.compile("^\\{\"resourceType\":\"[A-Za-z]+\",\"id\":\"([A-Za-z0-9\\-.]{1,64})\"");

    private UrnReferences() {
    }

    /** The logical id written right after the resource type (as HAPI's encoder writes it), or {@code null}. */
    static String leadingId(JsonText json) {
        int head = Math.min(json.length(), 160);
        Matcher matcher = LEADING_ID.matcher(new String(json.bytes(), json.offset(), head, StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * {@code json} with each {@code "reference":"urn:uuid:..."} found in {@code targets} (full URL to
     * {@code Type/id}) replaced; {@code json} itself when it has none.
     */
    static JsonText resolve(JsonText json, Map<String, String> targets) {
        byte[] bytes = json.bytes();
        int end = json.offset() + json.length();
        int from = json.offset();
        ByteArrayOutputStream out = null;
        int at = indexOf(bytes, from, end);
        while (at >= 0) {
            int start = at + VALUE_OFFSET;
            int close = start;
            while (close < end && bytes[close] != '"') {
                close++;
            }
            String target = targets.get(new String(bytes, start, close - start, StandardCharsets.US_ASCII));
            if (target != null) {
                if (out == null) {
                    out = new ByteArrayOutputStream(json.length() + 64);
                }
                out.write(bytes, from, start - from);
                out.writeBytes(target.getBytes(StandardCharsets.UTF_8));
                from = close;
            }
            at = indexOf(bytes, close, end);
        }
        if (out == null) {
            return json;
        }
        out.write(bytes, from, end - from);
        byte[] rewritten = out.toByteArray();
        return new JsonText(rewritten, 0, rewritten.length);
    }

    private static int indexOf(byte[] bytes, int from, int end) {
        int last = end - URN_REFERENCE.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (bytes[i] != '"') {
                continue;
            }
            for (int j = 1; j < URN_REFERENCE.length; j++) {
                if (bytes[i + j] != URN_REFERENCE[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
