package org.rpmpipeline.gateway.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.gateway.IngestPipeline;
import org.rpmpipeline.gateway.decode.DeviceText;

/**
 * The Kafka records for a pipeline outcome: readings keyed by patient id, statuses by device id, its one dead
 * letter by device id (or the MQTT topic, cut, when it named no device), each with the gateway's headers (content
 * type, schema version, device, hub, MQTT topic, received-at, correlation id). A dead letter also carries the
 * message's user properties as headers, when they were within the limits.
 */
public final class OutboundRecords {
    /**
     * Dead letters keep the message's MQTT 5 user properties as headers with this prefix
     * ({@code rpm-mqtt-property-hubId}), so that a replay can publish the message exactly as the hub did.
     */
    public static final String USER_PROPERTY_HEADER_PREFIX = "rpm-mqtt-property-";

    /** A topic that names no device is cut to this in the header (it is never a valid topic). */
    private static final int MAX_TOPIC_HEADER_CHARS = 256;
    private static final byte[] JSON = "application/json".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VERSION = String.valueOf(Schema.VERSION).getBytes(StandardCharsets.UTF_8);

    private OutboundRecords() {
    }

    public static List<ProducerRecord<byte[], byte[]>> of(IngestPipeline.Outcome outcome) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        RecordHeaders headers = headers(outcome);
        for (Reading reading : outcome.readings()) {
            records.add(record(Topics.READINGS, reading.patientId(), reading, headers));
        }
        for (DeviceStatus status : outcome.statuses()) {
            records.add(record(Topics.DEVICE_STATUS, status.deviceId(), status, headers));
        }
        outcome.rejection().ifPresent(dead -> records.add(deadLetter(outcome, dead, headers)));
        return records;
    }

    /** The record of {@code dead}, a dead letter of {@code outcome} (its own, or one written instead). */
    public static ProducerRecord<byte[], byte[]> deadLetter(IngestPipeline.Outcome outcome, RejectedMessage dead) {
        return deadLetter(outcome, dead, headers(outcome));
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(IngestPipeline.Outcome outcome, RejectedMessage dead,
            RecordHeaders headers) {
        RecordHeaders deadLetterHeaders = new RecordHeaders(headers.toArray());
        if (dead.userPropertiesDropped() == 0) {
            // within the limits, or the dead letter would say how many it dropped
            for (Map.Entry<String, String> property : outcome.message().userProperties()) {
                deadLetterHeaders.add(USER_PROPERTY_HEADER_PREFIX + property.getKey(), utf8(property.getValue()));
            }
        }
        String key = dead.deviceId() != null ? dead.deviceId() : dead.sourceTopic();
        return record(Topics.REJECTED, key, dead, deadLetterHeaders);
    }

    /** The bytes of a record's key, value and headers (Kafka adds a few dozen bytes of framing). */
    public static long sizeOf(ProducerRecord<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0
                : record.value().length);
        for (Header header : record.headers()) {
            size += header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** A binding for the compacted device topic, keyed by device id. */
    public static ProducerRecord<byte[], byte[]> binding(DeviceBinding binding) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.CONTENT_TYPE, JSON);
        headers.add(HeaderNames.SCHEMA_VERSION, VERSION);
        return record(Topics.DEVICES, binding.deviceId(), binding, headers);
    }

    private static RecordHeaders headers(IngestPipeline.Outcome outcome) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.CONTENT_TYPE, JSON);
        headers.add(HeaderNames.SCHEMA_VERSION, VERSION);
        if (outcome.deviceId() != null) {
            headers.add(HeaderNames.DEVICE_ID, utf8(outcome.deviceId()));
        }
        if (outcome.hubId() != null) {
            headers.add(HeaderNames.HUB_ID, utf8(outcome.hubId()));
        }
        headers.add(HeaderNames.MQTT_TOPIC, utf8(outcome.deviceId() != null ? outcome.message().topic()
                : DeviceText.oneLine(outcome.message().topic(), MAX_TOPIC_HEADER_CHARS)));
        headers.add(HeaderNames.RECEIVED_AT, utf8(outcome.message().receivedAt().toString()));
        headers.add(HeaderNames.CORRELATION_ID, utf8(outcome.correlationId()));
        return headers;
    }

    private static <V> ProducerRecord<byte[], byte[]> record(Topic<String, V> topic, String key, V value,
            RecordHeaders headers) {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        return new ProducerRecord<>(topic.name(), null, k, v, new RecordHeaders(headers.toArray()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
