package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.config.Settings;

/**
 * A gateway whose Kafka does not answer stays up and not ready, and says why in its log within seconds. The log is
 * read from the file the test logging configuration writes warnings to.
 */
@Timeout(120)
class KafkaUnreachableIT {
    private static final Path WARNINGS = Path.of("target", "test-warnings.log");

    @Test
    void gatewayWithoutKafka_isNotReady_andLogsWhy() throws Exception {
        int kafkaPort = closedPort();
        GatewayConfig config = GatewayConfig.from(Settings.of(Map.of(
                GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:" + kafkaPort,
                GatewayConfig.MQTT_URL, "tcp://127.0.0.1:" + closedPort(),
                GatewayConfig.HTTP_PORT, "0")));

        try (Gateway gateway = new Gateway(config)) {
            gateway.start();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(warnings())
                    .contains("Kafka not reachable, gateway not ready [bootstrap: 127.0.0.1:" + kafkaPort
                            + ", reason: cannot connect to 127.0.0.1:" + kafkaPort));
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"kafka\":false");
        }
    }

    private static String warnings() throws Exception {
        return Files.exists(WARNINGS) ? Files.readString(WARNINGS) : "";
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
