package org.rpmpipeline.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.device.VitalMessage;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import org.rpmpipeline.sim.SimulatorConfig;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.report.RunResult;
import org.rpmpipeline.sim.scenario.Fault;
import org.rpmpipeline.sim.scenario.Scenario;
import org.rpmpipeline.sim.scenario.Scenarios;

/**
 * The load mode's accounting end to end on real brokers. A minimal stand-in gateway in this test moves MQTT
 * messages to {@code rpm.readings} / {@code rpm.rejected} and deliberately drops one message.
 */
@Timeout(300)
class VerifyIT {
    private static final String DROPPED_SUFFIX = ".ox-0001.3";

    @Test
    void verify_reportsTheDroppedMessageAsLostAndTheRestDeliveredOrRejected(@TempDir Path results)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedMqttBroker broker = EmbeddedMqttBroker.start();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            Mqtt5AsyncClient bridge = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(broker.port())
                    .identifier("verify-it-bridge").buildAsync();
            bridge.connect().join();
            bridge.subscribeWith().topicFilter(MqttTopics.ALL).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> forward(p, producer)).send().join();

            SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of(
                    "rpm.mqtt.url", broker.url(),
                    "rpm.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "rpm.sim.verify", "true",
                    "rpm.sim.verify-grace", "3s",
                    "rpm.sim.duration", "12s",
                    "rpm.sim.speed", "4",
                    "rpm.sim.client-id", "verify-it",
                    "rpm.sim.results-dir", results.toString())));
            Scenario scenario = Scenarios.demo(5).withFaults(List.of(
                    new Fault(Fault.Type.MALFORMED, "hr-0001", null, null, 2, null, Hostile.TRUNCATED)));

            RunResult result = new LoadRun(config, new PrintWriter(new StringWriter())).scenario(scenario).run();

            VerifyReport report = result.verify();
            assertThat(result.completed()).isTrue();
            assertThat(result.stats().failed()).isZero();
            assertThat(report.lost()).isEqualTo(1);
            assertThat(report.lostIds()).singleElement().asString().endsWith(DROPPED_SUFFIX);
            assertThat(report.rejectedExpected()).isEqualTo(result.stats().hostile()).isPositive();
            assertThat(report.delivered()).isEqualTo(report.messages() - 1 - report.rejectedExpected());
            assertThat(report.duplicateReadings()).isZero();
            assertThat(report.publishToReading().count()).isPositive();
            assertThat(results.resolve("results.json")).isNotEmptyFile();
            assertThat(Files.readAllLines(results.resolve("results.csv"))).hasSize(2);
            assertThat(results.resolve("latency.png")).isNotEmptyFile();
            bridge.disconnect().join();
        }
    }

    /** The stand-in gateway: JSON vitals to readings, anything else to rejected, one message dropped. */
    private static void forward(Mqtt5Publish publish, KafkaProducer<String, byte[]> producer) {
        String correlationId = publish.getUserProperties().asList().stream()
                .filter(p -> p.getName().toString().equals(UserProperties.CORRELATION_ID))
                .map(p -> p.getValue().toString()).findFirst().orElse(null);
        if (correlationId == null || correlationId.endsWith(DROPPED_SUFFIX)) {
            return;
        }
        String deviceId = publish.getTopic().getLevels().get(2);
        byte[] payload = publish.getPayloadAsBytes();
        try {
            JsonNode node = Json.mapper().readTree(payload);
            for (JsonNode element : node.isArray() ? node : List.of(node)) {
                VitalMessage m = Json.mapper().treeToValue(element, VitalMessage.class);
                VitalType vital = VitalType.fromCode(m.vital());
                List<Component> components = m.components() == null ? null : m.components().stream()
                        .map(c -> Component.of(VitalType.fromCode(c.vital()), c.value())).toList();
                Reading reading = new Reading(Schema.VERSION,
                        Reading.idFor(deviceId, vital, m.measuredAt(), m.id()), "patient-x", deviceId, null, vital,
                        m.value(), m.unit(), null, components, m.measuredAt(), Instant.now(), TimeSource.DEVICE,
                        correlationId, null);
                send(producer, Topics.READINGS.name(), Json.mapper().writeValueAsBytes(reading), correlationId);
            }
        } catch (Exception e) {
            RejectedMessage rejected = new RejectedMessage(Schema.VERSION, RejectReason.MALFORMED_JSON,
                    "not JSON", publish.getTopic().toString(), deviceId, payload, Instant.now(), correlationId);
            try {
                send(producer, Topics.REJECTED.name(), Json.mapper().writeValueAsBytes(rejected), correlationId);
            } catch (Exception impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value, String correlation) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "k", value);
        record.headers().add(HeaderNames.CORRELATION_ID, correlation.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }
}
