package org.rpmpipeline.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;

/**
 * Gateway settings pointing at the test's brokers (in the JVM or in containers), with a free HTTP port and a
 * unique client id.
 */
final class GatewaySettings {
    private GatewaySettings() {
    }

    static Map<String, String> base(EmbeddedKafka kafka, String mqttUrl) {
        return base(kafka.bootstrapServers(), mqttUrl);
    }

    static Map<String, String> base(String bootstrapServers, String mqttUrl) {
        Map<String, String> map = new HashMap<>();
        map.put(GatewayConfig.MQTT_URL, mqttUrl);
        map.put(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        map.put(GatewayConfig.HTTP_PORT, "0");
        map.put(GatewayConfig.CLIENT_ID, "gw-" + UUID.randomUUID().toString().substring(0, 8));
        map.put(GatewayConfig.KAFKA_STALL_TIMEOUT, "2s");
        map.put(GatewayConfig.SHUTDOWN_TIMEOUT, "5s");
        return map;
    }

    static GatewayConfig config(EmbeddedKafka kafka, EmbeddedMqttBroker mqtt, Map<String, String> extra) {
        return config(kafka, mqtt.url(), extra);
    }

    static GatewayConfig config(EmbeddedKafka kafka, String mqttUrl, Map<String, String> extra) {
        return config(kafka.bootstrapServers(), mqttUrl, extra);
    }

    static GatewayConfig config(String bootstrapServers, String mqttUrl, Map<String, String> extra) {
        Map<String, String> map = base(bootstrapServers, mqttUrl);
        map.putAll(extra);
        return GatewayConfig.from(Settings.of(map));
    }
}
