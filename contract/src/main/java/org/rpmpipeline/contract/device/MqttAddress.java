package org.rpmpipeline.contract.device;

/**
 * A parsed device topic.
 *
 * @param uuid16 the GATT characteristic for {@link Kind#BLE}, else -1
 */
public record MqttAddress(String deviceId, Kind kind, int uuid16) {
    public enum Kind { VITALS, BLE, STATUS }
}
