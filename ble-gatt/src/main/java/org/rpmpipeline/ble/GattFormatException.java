package org.rpmpipeline.ble;

/**
 * A characteristic value that cannot be decoded: too short for the fields its flags announce, or a field outside
 * its defined range. {@link GattCodec} turns it into a {@code MALFORMED_BLE} rejection; it never escapes there.
 */
public final class GattFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public GattFormatException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that was missing or invalid, e.g. {@code pulse rate}. */
    public String field() {
        return field;
    }

    static GattFormatException truncated(String field, int needed, int offset, int left) {
        return new GattFormatException(field, "truncated: field '" + field + "' needs " + needed
                + " byte(s) at offset " + offset + ", " + left + " left");
    }

    static GattFormatException invalid(String field, String why) {
        return new GattFormatException(field, "invalid field '" + field + "': " + why);
    }
}
