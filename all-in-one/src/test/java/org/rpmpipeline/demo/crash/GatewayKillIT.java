package org.rpmpipeline.demo.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;

/**
 * The gateway killed with SIGKILL while it forwards a stream of QoS 1 messages, with more published while it is
 * down, and started again with the same client id: every message the broker acknowledged to the device reaches
 * {@code rpm.readings} (some twice, with the same reading id: a message the gateway had not acknowledged before
 * it died is delivered again).
 */
@Timeout(300)
class GatewayKillIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String DEVICE = "hr-crash-it";

    @TempDir
    Path dir;

    @Test
    void killedMidStreamLosesNoAcknowledgedMessage() throws Exception {
        int port = ServiceJvm.freePort();
        Path bindings = Files.writeString(dir.resolve("bindings.csv"),
                "deviceId,patientId\n" + DEVICE + ",patient-crash-it\n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start();
                CommittedRecords<Reading> readings = new CommittedRecords<>(kafka.bootstrapServers(), Topics.READINGS);
                ServiceJvm gateway = ServiceJvm.of("gateway", Map.of(
                        "RPM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "RPM_MQTT_URL", "tcp://127.0.0.1:" + mqtt.port(),
                        "RPM_GATEWAY_CLIENT_ID", "crash-it-gateway",
                        "RPM_GATEWAY_BINDINGS_FILE", bindings.toString(),
                        "RPM_GATEWAY_HTTP_PORT", String.valueOf(port)), port, dir)) {
            Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("crash-it-device")
                    .serverHost("127.0.0.1").serverPort(mqtt.port()).buildBlocking();
            device.connect();
            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            gateway.start();
            await().atMost(WAIT).until(gateway::ready);

            publish(device, base, 0, 100);
            await().atMost(WAIT).until(() -> delivered(readings) == 100);
            publish(device, base, 100, 400);
            // kill while the gateway forwards the second batch
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> delivered(readings) > 100);
            gateway.kill();
            // acknowledged by the broker while no gateway runs: kept for the gateway's persistent session
            publish(device, base, 400, 500);

            gateway.start();
            await().atMost(WAIT).until(gateway::ready);
            await().atMost(WAIT).untilAsserted(() -> assertThat(delivered(readings)).as(gateway.output())
                    .isEqualTo(500));
            device.disconnect();
        }
    }

    /** Publishes messages {@code from..to-1} at QoS 1, each acknowledged by the broker before the next. */
    private static void publish(Mqtt5BlockingClient device, Instant base, int from, int to) {
        for (int i = from; i < to; i++) {
            String payload = "{\"id\":" + i + ",\"vital\":\"heart-rate\",\"value\":" + (60 + i % 40)
                    + ",\"unit\":\"/min\",\"measuredAt\":\"" + base + "\"}";
            device.publishWith().topic(MqttTopics.vitals(DEVICE)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        }
    }

    /** Distinct messages on rpm.readings: each has its own reading id, a redelivery repeats it. */
    private static int delivered(CommittedRecords<Reading> readings) {
        Set<String> ids = readings.poll().stream().filter(r -> DEVICE.equals(r.deviceId()))
                .map(Reading::readingId).collect(Collectors.toSet());
        return ids.size();
    }
}
