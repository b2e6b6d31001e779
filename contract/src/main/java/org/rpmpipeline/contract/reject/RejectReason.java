package org.rpmpipeline.contract.reject;

/** Why the gateway refused a message. Each rejected message lands on {@code rpm.rejected} with one of these. */
public enum RejectReason {
    PAYLOAD_TOO_LARGE("the message (payload and user properties) exceeds a configured size limit"),
    UNKNOWN_TOPIC("the MQTT topic is not part of the rpm/v1 scheme"),
    MALFORMED_JSON("the payload is not valid JSON"),
    SCHEMA_VIOLATION("the JSON does not match the reading schema (missing or wrongly typed field)"),
    UNSUPPORTED_VITAL("the vital code is not one the pipeline knows"),
    UNIT_MISMATCH("the unit is not the vital's UCUM unit and cannot be converted"),
    IMPLAUSIBLE_VALUE("the value is outside the physiologically plausible range"),
    TIMESTAMP_IN_FUTURE("the measurement time is further in the future than the allowed clock skew"),
    TIMESTAMP_TOO_OLD("the measurement time is older than the maximum accepted age"),
    DEVICE_ID_MISMATCH("the device id in the payload differs from the one in the topic"),
    UNKNOWN_DEVICE("the device is not registered to any patient"),
    UNBOUND_DEVICE("the device was not bound to a patient at the measurement time"),
    UNSUPPORTED_CHARACTERISTIC("the BLE characteristic is not one the gateway decodes"),
    MALFORMED_BLE("the BLE characteristic value is truncated or invalid"),
    KAFKA_REFUSED("Kafka refused, for good, a record made from the message (too large, not authorized, invalid)");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
