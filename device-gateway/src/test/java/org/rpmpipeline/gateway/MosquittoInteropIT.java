package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;

/** A client we did not write: Debian's mosquitto_pub publishes MQTT 5 at QoS 1 to the broker the gateway reads. */
@Timeout(300)
class MosquittoInteropIT {

    @Test
    void aReadingPublishedWithMosquittoPubReachesTheReadingsTopic() throws Exception {
        Path mosquittoPub = Executables.onPath("mosquitto_pub").orElse(null);
        Assumptions.assumeTrue(mosquittoPub != null,
                "mosquitto_pub is not on PATH: install it with apt-get install -y mosquitto-clients");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start()) {
            Path bindings = Files.createTempFile("bindings", ".yaml");
            Files.writeString(bindings, "- deviceId: mq-ox-1\n  patientId: patient-mq-1\n");
            try (Gateway gateway = new Gateway(GatewaySettings.config(kafka, mqtt,
                    Map.of(GatewayConfig.BINDINGS_FILE, bindings.toString())));
                    TopicTail<Reading> readings = new TopicTail<>(kafka.bootstrapServers(), Topics.READINGS)) {
                gateway.start();
                await().atMost(Duration.ofSeconds(90)).until(gateway::isReady);

                Instant relay = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Process pub = new ProcessBuilder(mosquittoPub.toString(), "-V", "mqttv5", "-q", "1",
                        "-h", "127.0.0.1", "-p", String.valueOf(mqtt.port()), "-i", "mosquitto-pub-it",
                        "-t", MqttTopics.vitals("mq-ox-1"),
                        "-D", "publish", "user-property", "hubId", "hub-mq",
                        "-D", "publish", "user-property", "relayReceivedAt", relay.toString(),
                        "-m", "{\"vital\":\"spo2\",\"value\":93,\"unit\":\"%\"}")
                        .redirectErrorStream(true).start();
                assertThat(pub.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String output = new String(pub.getInputStream().readAllBytes());
                assertThat(pub.exitValue()).as("mosquitto_pub output: %s", output).isZero();

                List<TopicTail.Item<Reading>> got = readings.await(i -> i.value().deviceId().equals("mq-ox-1"), 1,
                        Duration.ofSeconds(90));
                Reading reading = got.get(0).value();
                assertThat(got.get(0).key()).isEqualTo("patient-mq-1");
                assertThat(got.get(0).header(HeaderNames.HUB_ID)).isEqualTo("hub-mq");
                assertThat(reading.value()).isEqualByComparingTo("93");
                assertThat(reading.measuredAt()).isEqualTo(relay);
                assertThat(reading.timeSource()).isEqualTo(TimeSource.RELAY);
            } finally {
                Files.deleteIfExists(bindings);
            }
        }
    }
}
