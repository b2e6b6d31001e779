package org.rpmpipeline.alerts.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.FhirHeaders;
import org.rpmpipeline.alerts.fhir.FhirWriter;

/** A polled batch goes out as transactions of at most maxBundleEntries resources, in order. */
class FhirSinkHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<List<String>> bundles = new CopyOnWriteArrayList<>();
    private final AtomicInteger failOnRequest = new AtomicInteger(-1);
    private HttpServer server;
    private FhirWriter writer;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", exchange -> {
            JsonNode bundle = JSON.readTree(exchange.getRequestBody());
            int request = bundles.size();
            List<String> values = new java.util.ArrayList<>();
            bundle.get("entry").forEach(e -> values.add(e.get("resource").get("identifier").get(0).get("value")
                    .asText()));
            bundles.add(values);
            byte[] body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(request == failOnRequest.get() ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        writer = new FhirWriter(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir"),
                Optional.empty(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void splitsABatchIntoBundlesOfAtMostMaxEntriesInOrder() {
        FhirSinkHandler handler = new FhirSinkHandler(writer, 3, new SimpleMeterRegistry());
        handler.onBatchStart();
        for (int i = 1; i <= 7; i++) {
            add(handler, "obs-" + i);
        }
        add(handler, "obs-2"); // a later record for the same resource replaces the earlier one, in its place

        assertThat(handler.onBatchEnd()).isEmpty();
        assertThat(bundles).containsExactly(List.of("obs-1", "obs-2", "obs-3"), List.of("obs-4", "obs-5", "obs-6"),
                List.of("obs-7"));
    }

    @Test
    void aRetriableFailureFailsTheBatchAndStopsSending() throws Exception {
        failOnRequest.set(1);
        FhirSinkHandler handler = new FhirSinkHandler(writer, 2, new SimpleMeterRegistry());
        handler.onBatchStart();
        for (int i = 1; i <= 5; i++) {
            add(handler, "obs-" + i);
        }

        List<Future<?>> result = handler.onBatchEnd();

        assertThat(result).hasSize(1);
        assertThatThrownBy(() -> result.get(0).get()).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("503");
        assertThat(bundles).containsExactly(List.of("obs-1", "obs-2"), List.of("obs-3", "obs-4"));
    }

    @Test
    void rejectsANonPositiveBundleSize() {
        assertThatThrownBy(() -> new FhirSinkHandler(writer, 0, new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBundleEntries");
    }

    private static void add(FhirSinkHandler handler, String value) {
        RecordHeaders headers = new RecordHeaders();
        FhirHeaders.of("Observation", "urn:test", value)
                .forEach((name, text) -> headers.add(name, text.getBytes(StandardCharsets.UTF_8)));
        handler.handle(value, "{\"resourceType\":\"Observation\",\"identifier\":[{\"system\":\"urn:test\",\"value\":\""
                + value + "\"}]}", headers);
    }
}
