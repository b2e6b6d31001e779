package org.rpmpipeline.processor;

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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;

/**
 * A stream processor whose Kafka does not answer waits, not ready, and says why in its log within seconds, instead
 * of failing a minute later; closing it ends the wait. The log is read from the file the test logging
 * configuration writes warnings to.
 */
@Timeout(120)
class KafkaUnreachableIT {
    private static final Path WARNINGS = Path.of("target", "test-warnings.log");

    @Test
    void processorWithoutKafka_isNotReady_logsWhy_andStopsWaitingWhenClosed(@TempDir Path state) throws Exception {
        int kafkaPort = closedPort();
        Processor processor = Processor.create(ProcessorConfig.from(Settings.of(Map.of(
                ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:" + kafkaPort,
                ProcessorConfig.HTTP_PORT, "0",
                ProcessorConfig.STATE_DIR, state.toString()))));
        CompletableFuture<Void> starting = CompletableFuture.runAsync(processor::start);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(warnings())
                    .contains("stream processor cannot reach Kafka, not ready, retrying [bootstrap: 127.0.0.1:"
                            + kafkaPort + ", reason: cannot connect to 127.0.0.1:" + kafkaPort));
            await().atMost(Duration.ofSeconds(30)).until(() -> processor.httpPort() > 0);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + processor.httpPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(starting).isNotDone();
        } finally {
            processor.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(starting::isDone);
        assertThat(starting).isNotCompletedExceptionally();
        assertThat(processor.isReady()).isFalse();
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
