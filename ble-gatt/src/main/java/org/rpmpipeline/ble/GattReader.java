package org.rpmpipeline.ble;

/**
 * A little-endian cursor over a characteristic value. Every read checks the remaining length first and names the
 * field it could not read, so a short packet fails with a precise {@link GattFormatException}, never an index error.
 */
final class GattReader {
    private final byte[] bytes;
    private int offset;

    GattReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int remaining() {
        return bytes.length - offset;
    }

    int uint8(String field) {
        need(1, field);
        return bytes[offset++] & 0xFF;
    }

    int uint16(String field) {
        need(2, field);
        int value = (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
        offset += 2;
        return value;
    }

    int sint16(String field) {
        return (short) uint16(field);
    }

    int uint24(String field) {
        need(3, field);
        int value = (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16;
        offset += 3;
        return value;
    }

    int uint32(String field) {
        need(4, field);
        int value = (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16
                | (bytes[offset + 3] & 0xFF) << 24;
        offset += 4;
        return value;
    }

    MedFloat sfloat(String field) {
        return MedFloat.fromSfloat(uint16(field));
    }

    MedFloat float32(String field) {
        return MedFloat.fromFloat(uint32(field));
    }

    GattDateTime dateTime(String field) {
        need(GattDateTime.LENGTH, field);
        int year = uint16(field);
        int month = uint8(field);
        int day = uint8(field);
        int hours = uint8(field);
        int minutes = uint8(field);
        int seconds = uint8(field);
        try {
            return new GattDateTime(year, month, day, hours, minutes, seconds);
        } catch (IllegalArgumentException e) {
            throw GattFormatException.invalid(field, e.getMessage());
        }
    }

    private void need(int count, String field) {
        if (remaining() < count) {
            throw GattFormatException.truncated(field, count, offset, remaining());
        }
    }
}
