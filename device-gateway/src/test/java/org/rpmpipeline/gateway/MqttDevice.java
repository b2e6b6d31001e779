package org.rpmpipeline.gateway;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;

/** A device or hub publishing at QoS 1 with an independent MQTT client (HiveMQ), waiting for each PUBACK. */
final class MqttDevice implements AutoCloseable {
    private final Mqtt5BlockingClient client;

    MqttDevice(EmbeddedMqttBroker broker) {
        this(broker.port());
    }

    MqttDevice(int port) {
        this("127.0.0.1", port);
    }

    MqttDevice(String host, int port) {
        client = Mqtt5Client.builder().serverHost(host).serverPort(port)
                .identifier("device-" + UUID.randomUUID()).buildBlocking();
        client.connect();
    }

    void publish(String topic, String payload, Map<String, String> userProperties) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), userProperties);
    }

    void publish(String topic, byte[] payload, Map<String, String> userProperties) {
        Mqtt5UserPropertiesBuilder properties = Mqtt5UserProperties.builder();
        userProperties.forEach(properties::add);
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                .userProperties(properties.build()).send();
    }

    /**
     * Publishes with user properties in the given order (a key may repeat) and waits for the PUBACK; throws if
     * the client or the broker refuses the message (e.g. over the broker's maximum packet size).
     */
    void publish(String topic, byte[] payload, List<Map.Entry<String, String>> userProperties) {
        Mqtt5UserPropertiesBuilder properties = Mqtt5UserProperties.builder();
        userProperties.forEach(p -> properties.add(p.getKey(), p.getValue()));
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                .userProperties(properties.build()).send();
    }

    /** Publishes all without waiting in between, then waits for every PUBACK: a burst. */
    void publishBurst(String topic, List<String> payloads) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (String payload : payloads) {
            acks.add(client.toAsync().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
