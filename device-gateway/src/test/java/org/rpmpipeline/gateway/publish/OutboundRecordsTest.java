package org.rpmpipeline.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.rpmpipeline.gateway.binding.ReadingBinder;
import org.rpmpipeline.gateway.decode.BleDecoder;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;
import org.rpmpipeline.gateway.mqtt.InboundMessage;

class OutboundRecordsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final IngestPipeline pipeline = new IngestPipeline(new ReadingBinder(
            id -> Optional.of(DeviceBinding.of(id, "patient-1")), PlausibilityBounds.defaults(),
            Duration.ofMinutes(5), Duration.ofDays(7)), new BleDecoder(), 1024, 10);

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
}
