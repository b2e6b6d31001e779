package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.Brokers;
import org.rpmpipeline.gateway.replay.DeadLetterReplay;

/**
 * The gateway's integration scenarios, written once against {@link Brokers}: {@link GatewayIT} runs them on the
 * in-JVM brokers, the Testcontainers tier ({@code GatewayOn*ContainersIT}) on Kafka and MQTT brokers in
 * containers. Each scenario starts its own gateway in its own shared-subscription group: a closed gateway keeps its
 * persistent session, and a broker may go on queueing the group's messages for it.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayScenarios {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private Brokers brokers;

    @TempDir
    Path dir;

    /** The brokers the scenarios run against, started for this class and closed after it. */
    protected abstract Brokers startBrokers();

    @BeforeAll
    void brokers() {
        brokers = startBrokers();
    }

    @AfterAll
    void stopBrokers() {
        if (brokers != null) {
            brokers.close();
        }
    }

    private GatewayConfig config(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(GatewayConfig.SHARE_GROUP, "it-" + UUID.randomUUID().toString().substring(0, 8));
        return GatewaySettings.config(brokers.bootstrapServers(), brokers.mqttUrl(), settings);
    }

    private MqttDevice device() {
        return new MqttDevice(brokers.mqttHost(), brokers.mqttPort());
    }

    private void produceBinding(DeviceBinding binding) throws Exception {
        try (KafkaProducer<String, DeviceBinding> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()), new StringSerializer(),
                Topics.DEVICES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.DEVICES.name(), binding.deviceId(), binding)).get();
        }
    }

    private static String spo2(String value) {
        return "{\"vital\":\"spo2\",\"value\":" + value + ",\"unit\":\"%\",\"measuredAt\":\""
                + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\"}";
    }

    @Test
    void publishesBoundReadingsByPatientAndDeadLettersBadInputWithoutStopping() throws Exception {
        Path bindings = Files.writeString(dir.resolve("devices.csv"), "deviceId,patientId\nit-ox-1,patient-it-1\n");
        produceBinding(DeviceBinding.of("it-hr-1", "patient-it-2"));
        GatewayConfig config = config(Map.of(GatewayConfig.BINDINGS_FILE, bindings.toString()));
        try (Gateway gateway = new Gateway(config);
                TopicTail<Reading> readings = new TopicTail<>(brokers.bootstrapServers(), Topics.READINGS);
                TopicTail<RejectedMessage> rejected = new TopicTail<>(brokers.bootstrapServers(), Topics.REJECTED);
                MqttDevice device = device()) {
            gateway.start();
            await().atMost(WAIT).until(gateway::isReady);

            device.publish(MqttTopics.vitals("it-ox-1"), spo2("97"),
                    Map.of(UserProperties.HUB_ID, "hub-it", UserProperties.CORRELATION_ID, "corr-it-1"));
            TopicTail.Item<Reading> reading = readings.await(i -> i.value().deviceId().equals("it-ox-1"), 1, WAIT)
                    .get(0);
            assertThat(reading.key()).isEqualTo("patient-it-1");
            assertThat(reading.value().vital()).isEqualTo(VitalType.SPO2);
            assertThat(reading.value().value()).isEqualByComparingTo("97");
            assertThat(reading.value().hubId()).isEqualTo("hub-it");
            assertThat(reading.header(HeaderNames.DEVICE_ID)).isEqualTo("it-ox-1");
            assertThat(reading.header(HeaderNames.HUB_ID)).isEqualTo("hub-it");
            assertThat(reading.header(HeaderNames.MQTT_TOPIC)).isEqualTo("rpm/v1/it-ox-1/vitals");
            assertThat(reading.header(HeaderNames.CORRELATION_ID)).isEqualTo("corr-it-1");
            assertThat(Instant.parse(reading.header(HeaderNames.RECEIVED_AT))).isEqualTo(reading.value().receivedAt());

            String unknown = spo2("95");
            device.publish(MqttTopics.vitals("it-ghost"), unknown, Map.of());
            device.publish(MqttTopics.vitals("it-ox-1"), "{not json", Map.of());
            List<TopicTail.Item<RejectedMessage>> dead = rejected.await(i -> true, 2, WAIT);
            assertThat(dead).anySatisfy(d -> {
                assertThat(d.value().reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE);
                assertThat(d.key()).isEqualTo("it-ghost");
                assertThat(d.value().sourceTopic()).isEqualTo("rpm/v1/it-ghost/vitals");
                assertThat(new String(d.value().payload(), StandardCharsets.UTF_8)).isEqualTo(unknown);
            });
            assertThat(dead).anySatisfy(d -> {
                assertThat(d.value().reason()).isEqualTo(RejectReason.MALFORMED_JSON);
                assertThat(d.value().deviceId()).isEqualTo("it-ox-1");
                assertThat(new String(d.value().payload(), StandardCharsets.UTF_8)).isEqualTo("{not json");
                assertThat(d.value().detail()).isNotBlank();
            });

            // still running: a device registered straight on the device topic flows afterwards
            device.publish(MqttTopics.vitals("it-hr-1"),
                    "{\"vital\":\"heart-rate\",\"value\":72,\"unit\":\"/min\"}", Map.of());
            TopicTail.Item<Reading> later = readings.await(i -> i.value().deviceId().equals("it-hr-1"), 1, WAIT)
                    .get(0);
            assertThat(later.key()).isEqualTo("patient-it-2");
            assertThat(gateway.isReady()).isTrue();

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + gateway.httpPort();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"mqtt\":true");
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("rpm_gateway_messages_received_total 4.0")
                    .contains("rpm_gateway_rejected_total{reason=\"UNKNOWN_DEVICE\"} 1.0")
                    .contains("rpm_gateway_mqtt_connected 1.0")
                    .containsPattern("kafka_producer_record_send_total\\{[^}]*"
                            + "client_id=\"[^\"]+-producer\"[^}]*} [1-9]");
        }
    }

    @Test
    void replaysADeadLetterOnceTheDeviceIsRegistered() throws Exception {
        GatewayConfig config = config(Map.of());
        try (Gateway gateway = new Gateway(config);
                TopicTail<Reading> readings = new TopicTail<>(brokers.bootstrapServers(), Topics.READINGS);
                TopicTail<RejectedMessage> rejected = new TopicTail<>(brokers.bootstrapServers(), Topics.REJECTED);
                MqttDevice device = device()) {
            gateway.start();
            await().atMost(WAIT).until(gateway::isReady);
            device.publish(MqttTopics.vitals("rp-late-1"), "{\"vital\":\"spo2\",\"value\":91,\"unit\":\"%\"}",
                    Map.of(UserProperties.HUB_ID, "hub-rp"));
            RejectedMessage dead = rejected.await(i -> "rp-late-1".equals(i.value().deviceId()), 1, WAIT).get(0)
                    .value();
            assertThat(dead.reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE);

            produceBinding(DeviceBinding.of("rp-late-1", "patient-rp-1"));
            await().atMost(WAIT).until(() -> gateway.binding("rp-late-1").isPresent());
            DeadLetterReplay replay = new DeadLetterReplay(config);
            DeadLetterReplay.Filter filter = new DeadLetterReplay.Filter(Set.of(RejectReason.UNKNOWN_DEVICE),
                    "rp-late-1", null);
            assertThat(replay.run(filter, true).republished()).isZero();
            DeadLetterReplay.Result result = replay.run(filter, false);

            assertThat(result.matched()).isEqualTo(1);
            assertThat(result.republished()).isEqualTo(1);
            Reading reading = readings.await(i -> i.value().deviceId().equals("rp-late-1"), 1, WAIT).get(0).value();
            assertThat(reading.patientId()).isEqualTo("patient-rp-1");
            assertThat(reading.hubId()).isEqualTo("hub-rp");
            assertThat(reading.measuredAt()).isEqualTo(dead.receivedAt());
            assertThat(reading.timeSource()).isEqualTo(TimeSource.RELAY);
            assertThat(reading.correlationId()).isEqualTo(dead.correlationId());
        }
    }
}
