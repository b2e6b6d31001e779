package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * A patient or device is sent with the first bundle that names it; later bundles reference it where the server
 * said it keeps it, and a refused bundle that relied on that is sent again with the entries.
 */
class FhirWriterParticipantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> bundles = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuse = new AtomicInteger(-1);
    private HttpServer server;
    private FhirWriter writer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", exchange -> {
            JsonNode bundle = JSON.readTree(exchange.getRequestBody());
            int request = bundles.size();
            bundles.add(bundle);
            ObjectNode response = JSON.createObjectNode().put("resourceType", "Bundle")
                    .put("type", "transaction-response");
            ArrayNode entries = response.putArray("entry");
            // a server of its own ids: the n-th entry (from 1) is kept as Type/server-n
            for (JsonNode entry : bundle.get("entry")) {
                entries.addObject().putObject("response").put("status", "201 Created").put("location",
                        entry.get("resource").get("resourceType").asText() + "/server-" + entries.size()
                                + "/_history/1");
            }
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.sendResponseHeaders(request == refuse.get() ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        writer = new FhirWriter(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir"),
                Optional.empty(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static FhirWriter.EncodedResource observation(String value) {
        Reading reading = Readings.of(VitalType.HEART_RATE, value);
        Reading other = new Reading(1, reading.readingId() + "-" + value, reading.patientId(), reading.deviceId(),
                reading.hubId(), reading.vital(), reading.value(), reading.unit(), null, null, reading.measuredAt(),
                reading.receivedAt(), reading.timeSource(), null, null);
        ObservationIds ids = ObservationIds.of(other);
        return new FhirWriter.EncodedResource("Observation", ids.system(), ids.value(),
                Fhir.toJson(new ObservationMapper().map(other, ids)), "pat-9", List.of("dev-heart-rate", "hub-7"),
                List.of());
    }

    private static List<String> entryTypes(JsonNode bundle) {
        List<String> types = new java.util.ArrayList<>();
        bundle.get("entry").forEach(e -> types.add(e.get("resource").get("resourceType").asText()));
        return types;
    }

    private static String subject(JsonNode bundle) {
        JsonNode entries = bundle.get("entry");
        return entries.get(entries.size() - 1).get("resource").get("subject").get("reference").asText();
    }

    @Test
    void laterBundlesReferenceWhereTheServerKeepsThePatientAndDevices() throws Exception {
        writer.deliverEncoded(List.of(observation("70")));
        writer.deliverEncoded(List.of(observation("71")));

        assertThat(entryTypes(bundles.get(0))).containsExactly("Patient", "Device", "Device", "Observation");
        assertThat(subject(bundles.get(0))).isEqualTo(Participants.patientFullUrl("pat-9"));
        assertThat(entryTypes(bundles.get(1))).containsExactly("Observation");
        assertThat(subject(bundles.get(1))).isEqualTo("Patient/server-1");
        assertThat(bundles.get(1).get("entry").get(0).get("resource").get("device").get("reference").asText())
                .isEqualTo("Device/server-2");
    }

    @Test
    void aRefusedBundleThatReliedOnThemIsSentAgainWithTheEntries() throws Exception {
        writer.deliverEncoded(List.of(observation("70")));
        refuse.set(1);

        writer.deliverEncoded(List.of(observation("71")));

        assertThat(bundles).hasSize(3);
        assertThat(entryTypes(bundles.get(1))).containsExactly("Observation");
        assertThat(entryTypes(bundles.get(2))).containsExactly("Patient", "Device", "Device", "Observation");
    }
}
