package org.rpmpipeline.sim.device;

import org.rpmpipeline.contract.Codes;

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
        return Codes.byCode(values(), Encoding::code, "encoding", code);
    }
}
