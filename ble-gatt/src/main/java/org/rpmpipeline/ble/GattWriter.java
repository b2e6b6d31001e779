package org.rpmpipeline.ble;

import java.io.ByteArrayOutputStream;

/** Little-endian writer for encoding characteristic values; each write checks its range. */
final class GattWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    GattWriter uint8(int value) {
        check(value, 0, 0xFF, "uint8");
        out.write(value);
        return this;
    }

    GattWriter uint16(int value) {
        check(value, 0, 0xFFFF, "uint16");
        return raw(value, 2);
    }

    GattWriter sint16(int value) {
        check(value, Short.MIN_VALUE, Short.MAX_VALUE, "sint16");
        return raw(value, 2);
    }

    GattWriter uint24(int value) {
        check(value, 0, 0xFF_FFFF, "uint24");
        return raw(value, 3);
    }

    GattWriter sfloat(MedFloat value) {
        return raw(value.toSfloat(), 2);
    }

    GattWriter float32(MedFloat value) {
        return raw(value.toFloat(), 4);
    }

    GattWriter dateTime(GattDateTime value) {
        return uint16(value.year()).uint8(value.month()).uint8(value.day())
                .uint8(value.hours()).uint8(value.minutes()).uint8(value.seconds());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private GattWriter raw(int value, int octets) {
        for (int i = 0; i < octets; i++) {
            out.write(value >>> (8 * i) & 0xFF);
        }
        return this;
    }

    private static void check(int value, int min, int max, String type) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " does not fit in " + type + " [" + min + ", " + max + "]");
        }
    }
}
