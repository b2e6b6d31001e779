package org.rpmpipeline.contract.topic;

/** Kafka record header names. Values are UTF-8 strings. */
public final class HeaderNames {
    public static final String CONTENT_TYPE = "content-type";
    public static final String SCHEMA_VERSION = "rpm-schema-version";
    public static final String DEVICE_ID = "rpm-device-id";
    public static final String HUB_ID = "rpm-hub-id";
    public static final String MQTT_TOPIC = "rpm-mqtt-topic";
    /** When the gateway received the MQTT message, ISO-8601. */
    public static final String RECEIVED_AT = "rpm-received-at";
    /** Follows a message from the device to the notification, for tracing and latency measurement. */
    public static final String CORRELATION_ID = "rpm-correlation-id";

    private HeaderNames() {
    }
}
