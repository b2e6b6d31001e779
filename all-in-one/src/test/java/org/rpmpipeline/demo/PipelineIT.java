package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;

/**
 * The walking skeleton end to end on real in-JVM brokers: a JSON reading published over MQTT goes through the
 * gateway, the stream processor and the alert service, and comes out as a FHIR Observation, a finding and a
 * notification.
 */
@Timeout(300)
class PipelineIT {
    private static final String LOW_DEVICE = "ox-e2e-low";
    private static final String LOW_PATIENT = "patient-e2e-1";
    private static final String OK_DEVICE = "ox-e2e-ok";
    private static final String OK_PATIENT = "patient-e2e-2";

    private static final String FILE_DEVICE = "hr-e2e-file";
    private static final String FILE_PATIENT = "patient-e2e-3";

    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack(@TempDir Path dir) throws IOException {
        Path bindingsFile = dir.resolve("devices.csv");
        Files.writeString(bindingsFile, "deviceId,patientId,validFrom,validTo,kind\n"
                + FILE_DEVICE + "," + FILE_PATIENT + ",,,heart-rate-monitor\n");
        EmbeddedStack.Options free = EmbeddedStack.Options.freePorts();
        EmbeddedStack.Options options = new EmbeddedStack.Options(free.mqttPort(), free.mqttBind(),
                free.kafkaPort(), free.alertsHttpPort(), free.gatewayHttpPort(), free.processorHttpPort(),
                Map.of("rpm.gateway.bindings-file", bindingsFile.toString()));
        stack = EmbeddedStack.start(options,
                List.of(DeviceBinding.of(LOW_DEVICE, LOW_PATIENT), DeviceBinding.of(OK_DEVICE, OK_PATIENT)),
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void lowSpo2YieldsOneFindingOneNotificationAndObservationsForBothReadings() {
        Instant measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 92 % is in the spo2-low rule's first band (<= 92 %) and scores 2 in NEWS2, which alone triggers nothing;
        // 97 % is within range for every default rule.
        publish(LOW_DEVICE, "{\"vital\":\"spo2\",\"value\":92,\"unit\":\"%\",\"measuredAt\":\"" + measuredAt + "\"}");
        publish(OK_DEVICE, "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\",\"measuredAt\":\"" + measuredAt + "\"}");

        List<Finding> findings = new CopyOnWriteArrayList<>();
        List<String> observations = new CopyOnWriteArrayList<>();
        List<Notification> notifications = new CopyOnWriteArrayList<>();
        try (TopicReader<Finding> findingReader = new TopicReader<>(Topics.FINDINGS);
                TopicReader<String> observationReader = new TopicReader<>(Topics.OBSERVATIONS);
                TopicReader<Notification> notificationReader = new TopicReader<>(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                findingReader.pollInto(findings);
                observationReader.pollInto(observations);
                notificationReader.pollInto(notifications);
                assertThat(observations.stream().filter(PipelineIT::isAboutSpo2Patients)).hasSize(2);
                assertThat(findings).hasSize(1);
                assertThat(notifications).hasSize(1);
            });
            // Nothing more arrives: one reading below the bound is one finding and one notification.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                findingReader.pollInto(findings);
                notificationReader.pollInto(notifications);
                assertThat(findings).hasSize(1);
                assertThat(notifications).hasSize(1);
            });
        }

        Finding finding = findings.get(0);
        assertThat(finding.ruleId()).isEqualTo("spo2-low");
        assertThat(finding.patientId()).isEqualTo(LOW_PATIENT);
        assertThat(finding.deviceIds()).containsExactly(LOW_DEVICE);
        assertThat(notifications.get(0).patientId()).isEqualTo(LOW_PATIENT);

        FhirContext fhir = FhirContext.forR4Cached();
        List<Observation> parsed = new ArrayList<>();
        for (String json : observations.stream().filter(PipelineIT::isAboutSpo2Patients).toList()) {
            parsed.add(fhir.newJsonParser().parseResource(Observation.class, json));
        }
        Observation low = parsed.stream()
                .filter(o -> o.getSubject().getReference().equals("Patient/" + LOW_PATIENT)).findFirst().orElseThrow();
        assertThat(low.getCode().getCoding()).anySatisfy(c -> {
            assertThat(c.getSystem()).isEqualTo("http://loinc.org");
            assertThat(c.getCode()).isEqualTo("59408-5");
        });
        assertThat(low.getValueQuantity().getValue()).isEqualByComparingTo("92");
        assertThat(low.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(low.getValueQuantity().getCode()).isEqualTo("%");
        assertThat(low.getDevice().getReference()).isEqualTo("Device/" + LOW_DEVICE);
        assertThat(parsed).anySatisfy(o -> {
            assertThat(o.getSubject().getReference()).isEqualTo("Patient/" + OK_PATIENT);
            assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo("97");
        });
    }

    @Test
    void deviceRegisteredByTheBindingsFileIsAcceptedForItsPatient() {
        publish(FILE_DEVICE, "{\"vital\":\"heart-rate\",\"value\":72,\"unit\":\"/min\",\"measuredAt\":\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}");

        List<Reading> readings = new CopyOnWriteArrayList<>();
        try (TopicReader<Reading> reader = new TopicReader<>(Topics.READINGS)) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                reader.pollInto(readings);
                assertThat(readings).anySatisfy(r -> {
                    assertThat(r.deviceId()).isEqualTo(FILE_DEVICE);
                    assertThat(r.patientId()).isEqualTo(FILE_PATIENT);
                    assertThat(r.value()).isEqualByComparingTo("72");
                });
            });
        }
    }

    private static boolean isAboutSpo2Patients(String observationJson) {
        return observationJson.contains("Patient/" + LOW_PATIENT) || observationJson.contains("Patient/" + OK_PATIENT);
    }

    private static void publish(String deviceId, String json) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("e2e-" + deviceId).serverHost("127.0.0.1")
                .serverPort(stack.mqttPort()).buildBlocking();
        client.connect();
        try {
            client.publishWith().topic(MqttTopics.vitals(deviceId)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(json.getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            client.disconnect();
        }
    }

    /** Reads one topic from the beginning, committed records only, decoding with the catalogue's serde. */
    private static final class TopicReader<V> implements AutoCloseable {
        private final Topic<String, V> topic;
        private final KafkaConsumer<String, byte[]> consumer;

        TopicReader(Topic<String, V> topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void pollInto(List<V> sink) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> sink.add(
                    topic.valueSerde().deserializer().deserialize(topic.name(), record.value())));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
