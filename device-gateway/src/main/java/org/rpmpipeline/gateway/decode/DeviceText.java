package org.rpmpipeline.gateway.decode;

/**
 * Device-controlled text in reject details: always one line, never longer than a bound, control characters
 * shown as {@code ?}. A detail may quote what the device sent, but a device cannot make a dead letter large or
 * break a log line with it.
 */
public final class DeviceText {
    /** The most characters of a device's string quoted in a detail. */
    public static final int QUOTE_CHARS = 64;
    private static final String ELLIPSIS = "...";

    private DeviceText() {
    }

    /** {@code text} in double quotes, cut to {@link #QUOTE_CHARS} characters, on one line. */
    public static String quote(String text) {
        return "\"" + oneLine(text, QUOTE_CHARS) + "\"";
    }

    /** {@code text} on one line (control characters as {@code ?}), cut to {@code maxChars} with {@code ...}. */
    public static String oneLine(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        boolean cut = text.length() > maxChars;
        int keep = cut ? Math.max(0, maxChars - ELLIPSIS.length()) : text.length();
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        StringBuilder out = new StringBuilder(keep + ELLIPSIS.length());
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (cut) {
            out.append(ELLIPSIS);
        }
        return out.toString();
    }
}
