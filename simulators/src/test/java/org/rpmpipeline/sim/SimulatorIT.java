package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.device.VitalMessage;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;

@Timeout(300)
class SimulatorIT {

    @Test
    void demoScenario_everyPublishedMessageArrivesAndEveryPublishIsAcknowledged() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            Mqtt5BlockingClient subscriber = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(broker.port())
                    .identifier("sim-it-subscriber").buildBlocking();
            subscriber.connect();
            Map<String, Mqtt5Publish> received = new ConcurrentHashMap<>();
            List<String> publishedIds = new CopyOnWriteArrayList<>();
            List<String> statuses = new CopyOnWriteArrayList<>();
            subscriber.toAsync().subscribeWith().topicFilter(MqttTopics.ALL).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> {
                        if (p.getTopic().toString().endsWith("/status")) {
                            statuses.add(p.getTopic() + " " + utf8(p.getPayloadAsBytes()));
                        } else {
                            received.put(correlationId(p), p);
                        }
                    }).send().join();

            SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of(
                    "rpm.mqtt.url", broker.url(),
                    "rpm.sim.duration", "20s",
                    "rpm.sim.speed", "5",
                    "rpm.sim.client-id", "sim-it",
                    "rpm.sim.hub-status", "true")));
            try (Simulator simulator = Simulator.builder(config).listener(new SimulatorListener() {
                @Override
                public void published(Publication publication) {
                    publishedIds.add(publication.correlationId());
                }
            }).build()) {
                simulator.start();
                assertThat(simulator.awaitCompletion(Duration.ofSeconds(120))).isTrue();

                SimulatorStats stats = simulator.stats();
                assertThat(stats.published()).isGreaterThan(40).isEqualTo(publishedIds.size());
                assertThat(stats.acknowledged()).isEqualTo(stats.published());
                assertThat(stats.failed()).isZero();
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(publishedIds));
            for (Mqtt5Publish publish : received.values()) {
                MqttAddress address = MqttTopics.parse(publish.getTopic().toString()).orElseThrow();
                assertThat(address.kind()).isEqualTo(MqttAddress.Kind.VITALS);
                assertThat(publish.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                assertThat(property(publish, UserProperties.HUB_ID)).startsWith("hub-");
                assertThat(property(publish, UserProperties.RELAY_RECEIVED_AT)).isNotBlank();
                var node = Json.mapper().readTree(publish.getPayloadAsBytes());
                for (var element : node.isArray() ? node : List.of(node)) {
                    VitalMessage message = Json.mapper().treeToValue(element, VitalMessage.class);
                    assertThat(message.deviceId()).isEqualTo(address.deviceId());
                    assertThat(message.measuredAt()).isNotNull();
                }
            }
            assertThat(received.values()).extracting(p -> p.getTopic().getLevels().get(2))
                    .containsAll(Set.of("ox-0001", "hr-0001", "bp-0001", "temp-0001", "ox-0002", "hr-0002",
                            "bp-0002", "temp-0002"));
            assertThat(statuses).hasSize(2).anySatisfy(st -> assertThat(st).startsWith("rpm/v1/hub-0001/status ")
                    .contains("\"online\":true")).anySatisfy(st -> assertThat(st).startsWith("rpm/v1/hub-0002/status "));
            subscriber.disconnect();
        }
    }

    private static String correlationId(Mqtt5Publish publish) {
        return property(publish, UserProperties.CORRELATION_ID);
    }

    private static String property(Mqtt5Publish publish, String name) {
        return publish.getUserProperties().asList().stream()
                .filter(p -> p.getName().toString().equals(name))
                .map(p -> p.getValue().toString()).findFirst().orElse(null);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
