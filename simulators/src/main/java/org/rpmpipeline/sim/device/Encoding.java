package org.rpmpipeline.sim.device;

import java.util.Arrays;

/** How hubs relay measurements: JSON on {@code rpm/v1/{deviceId}/vitals}, or raw GATT bytes on its BLE topic. */
public enum Encoding {
    JSON("json"),
    BLE("ble");

    private final String code;

    Encoding(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Encoding fromCode(String code) {
        for (Encoding e : values()) {
            if (e.code.equals(code)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encoding \"" + code + "\", expected one of "
                + Arrays.stream(values()).map(Encoding::code).toList());
    }
}
