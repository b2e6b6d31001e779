package org.rpmpipeline.contract.device;

/**
 * MQTT 5 user property names a hub sets next to the payload. All are optional.
 */
public final class UserProperties {
    /** The relaying phone or hub. */
    public static final String HUB_ID = "hubId";
    /** When the hub received the value from the device, ISO-8601 UTC; used when the device clock is unset. */
    public static final String RELAY_RECEIVED_AT = "relayReceivedAt";
    /** The hub's UTC offset, e.g. {@code +01:00}, to interpret a BLE Date Time (which carries no zone). */
    public static final String TZ_OFFSET = "tzOffset";
    /** Carried into Kafka headers for end-to-end tracing. */
    public static final String CORRELATION_ID = "correlationId";

    private UserProperties() {
    }
}
