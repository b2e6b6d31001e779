package org.rpmpipeline.gateway.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
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

/**
 * The Kafka records for a pipeline outcome: readings keyed by patient id, statuses by device id, dead letters by
 * device id (or the MQTT topic when it named no device), each with the gateway's headers (content type, schema
 * version, device, hub, MQTT topic, received-at, correlation id).
 */
public final class OutboundRecords {
    /**
     * Dead letters keep the message's MQTT 5 user properties as headers with this prefix
     * ({@code rpm-mqtt-property-hubId}), so that a replay can publish the message exactly as the hub did.
     */
    public static final String USER_PROPERTY_HEADER_PREFIX = "rpm-mqtt-property-";

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
        if (!outcome.rejections().isEmpty()) {
            RecordHeaders deadLetterHeaders = new RecordHeaders(headers.toArray());
            for (Map.Entry<String, String> property : outcome.message().userProperties()) {
                deadLetterHeaders.add(USER_PROPERTY_HEADER_PREFIX + property.getKey(), utf8(property.getValue()));
            }
            for (RejectedMessage rejected : outcome.rejections()) {
                String key = rejected.deviceId() != null ? rejected.deviceId() : rejected.sourceTopic();
                records.add(record(Topics.REJECTED, key, rejected, deadLetterHeaders));
            }
        }
        return records;
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
        headers.add(HeaderNames.MQTT_TOPIC, utf8(outcome.message().topic()));
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
