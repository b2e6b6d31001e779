package org.rpmpipeline.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.gateway.IngestPipeline;
import org.rpmpipeline.gateway.Pipelines;
import org.rpmpipeline.gateway.mqtt.InboundMessage;

class OutboundRecordsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final IngestPipeline pipeline = Pipelines.everyDeviceBound();

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void keysReadingsByPatientAndCarriesTheHeaders() {
        IngestPipeline.Outcome outcome = pipeline.process(InboundMessage.of("rpm/v1/ox-1/vitals",
                "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(UserProperties.HUB_ID, "hub-1", UserProperties.CORRELATION_ID, "c-1"), NOW));

        List<ProducerRecord<byte[], byte[]>> records = OutboundRecords.of(outcome);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(Topics.READINGS.name());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("patient-1");
            assertThat(header(r, HeaderNames.DEVICE_ID)).isEqualTo("ox-1");
            assertThat(header(r, HeaderNames.HUB_ID)).isEqualTo("hub-1");
            assertThat(header(r, HeaderNames.MQTT_TOPIC)).isEqualTo("rpm/v1/ox-1/vitals");
            assertThat(header(r, HeaderNames.RECEIVED_AT)).isEqualTo(NOW.toString());
            assertThat(header(r, HeaderNames.CORRELATION_ID)).isEqualTo("c-1");
            assertThat(header(r, HeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
            Reading reading = Topics.READINGS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            assertThat(reading.patientId()).isEqualTo("patient-1");
        });
    }

    @Test
    void keysDeadLettersByDeviceOrElseByTopic() {
        List<ProducerRecord<byte[], byte[]>> device = OutboundRecords.of(pipeline.process(InboundMessage.of(
                "rpm/v1/ox-1/vitals", "nope".getBytes(StandardCharsets.UTF_8), Map.of(), NOW)));
        List<ProducerRecord<byte[], byte[]>> topic = OutboundRecords.of(pipeline.process(InboundMessage.of(
                "other/topic", "nope".getBytes(StandardCharsets.UTF_8), Map.of(), NOW)));

        assertThat(device).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(Topics.REJECTED.name());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("ox-1");
            assertThat(Topics.REJECTED.valueSerde().deserializer().deserialize(r.topic(), r.value()).reason())
                    .isEqualTo(RejectReason.MALFORMED_JSON);
        });
        assertThat(topic).singleElement().satisfies(r ->
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("other/topic"));
    }

    @Test
    void keysBindingsByDevice() {
        ProducerRecord<byte[], byte[]> record = OutboundRecords.binding(DeviceBinding.of("ox-1", "patient-1"));

        assertThat(record.topic()).isEqualTo(Topics.DEVICES.name());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("ox-1");
    }

    @Test
    void givesABatchWithBadItemsOneDeadLetterCarryingTheUserPropertiesAsHeaders() {
        IngestPipeline.Outcome outcome = pipeline.process(InboundMessage.of("rpm/v1/ox-1/vitals",
                "[{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"},{\"vital\":\"mood\"},{\"vital\":\"x\"}]"
                        .getBytes(StandardCharsets.UTF_8), Map.of(UserProperties.HUB_ID, "hub-1"), NOW));

        List<ProducerRecord<byte[], byte[]>> records = OutboundRecords.of(outcome);

        assertThat(records).extracting(ProducerRecord::topic).containsExactly(Topics.READINGS.name(),
                Topics.REJECTED.name());
        assertThat(header(records.get(1), OutboundRecords.USER_PROPERTY_HEADER_PREFIX + UserProperties.HUB_ID))
                .isEqualTo("hub-1");
        ProducerRecord<byte[], byte[]> dead = records.get(1);
        int headerBytes = 0;
        for (Header h : dead.headers()) {
            headerBytes += h.key().length() + h.value().length;
        }
        assertThat(OutboundRecords.sizeOf(dead)).isEqualTo(dead.key().length + dead.value().length + headerBytes);
    }
}
