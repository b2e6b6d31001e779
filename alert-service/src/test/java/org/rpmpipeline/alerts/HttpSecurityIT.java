package org.rpmpipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * The standalone alert service's HTTP doors: closed to anonymous callers unless told otherwise, open to tokens
 * by role, and its own writes to its in-process FHIR server still arrive behind them.
 */
@Timeout(180)
class HttpSecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() {
        producer.close();
        kafka.close();
    }

    @Test
    void withoutTokens_clinicalEndpointsAreClosed_andTheServiceStillWritesItsObservations() throws Exception {
        try (AlertService service = service("closed", Map.of())) {
            service.start();
            send(reading("pat-sec-1", "ox-sec-1", "88"));

            await().atMost(WAIT).until(() -> service.fhirServer().orElseThrow().store()
                    .ofPatient("Observation", "pat-sec-1").size() == 1);
            assertThat(call(service, "GET", "/alerts", null).statusCode()).isEqualTo(401);
            assertThat(call(service, "GET", "/fhir/Observation?patient=pat-sec-1", null).statusCode())
                    .isEqualTo(401);
            assertThat(call(service, "POST", "/fhir/Observation", null).statusCode()).isEqualTo(401);
            assertThat(call(service, "GET", "/health/live", null).statusCode()).isEqualTo(200);
            assertThat(call(service, "GET", "/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withTokens_readsNeedOne_andOnlyAnAdminWritesToFhir(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"),
                "t-view viewer dash-1\nt-nurse clinician nurse-1\nt-admin admin ops-1\n");
        try (AlertService service = service("tokens", Map.of(AlertConfig.API_TOKENS_FILE, tokens.toString()))) {
            service.start();
            send(reading("pat-sec-2", "ox-sec-2", "81"));
            await().atMost(WAIT).until(() -> service.fhirServer().orElseThrow().store()
                    .ofPatient("Observation", "pat-sec-2").size() == 1);

            assertThat(call(service, "GET", "/alerts", null).statusCode()).isEqualTo(401);
            assertThat(call(service, "GET", "/fhir/Observation?patient=pat-sec-2", null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> read = call(service, "GET", "/fhir/Observation?patient=pat-sec-2", "t-view");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("Patient/pat-sec-2");
            assertThat(read.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                    .contains("no-store"));

            String forged = Fhir.toJson(new ObservationMapper().map(reading("pat-sec-2", "ox-sec-2", "99")));
            assertThat(call(service, "POST", "/fhir/Observation", null, forged).statusCode()).isEqualTo(401);
            assertThat(call(service, "POST", "/fhir/Observation", "t-view", forged).statusCode()).isEqualTo(403);
            assertThat(call(service, "POST", "/fhir/Observation", "t-nurse", forged).statusCode()).isEqualTo(403);
            assertThat(service.fhirServer().orElseThrow().store().ofPatient("Observation", "pat-sec-2")).hasSize(1);
            assertThat(call(service, "POST", "/fhir/Observation", "t-admin", forged).statusCode()).isEqualTo(201);

            HttpResponse<String> badFilter = call(service, "GET", "/alerts?state=bogus", "t-view");
            assertThat(badFilter.statusCode()).isEqualTo(400);
            assertThat(badFilter.body()).isEqualTo("{\"error\":\"state must be open, acknowledged or resolved\"}");
            HttpResponse<String> badSnooze = call(service, "POST", "/alerts/x/snooze?for=48h", "t-nurse");
            assertThat(badSnooze.statusCode()).isEqualTo(400);
            assertThat(badSnooze.body()).doesNotContain("Exception");
            assertThat(call(service, "GET", "/alerts?severity=extreme", "t-view").body())
                    .doesNotContain("org.rpmpipeline");
        }
    }

    @Test
    void anonymousRead_letsTheDemoRead_butNotWrite() throws Exception {
        try (AlertService service = service("anonymous", Map.of(AlertConfig.ANONYMOUS_READ, "true"))) {
            service.start();

            assertThat(call(service, "GET", "/alerts", null).statusCode()).isEqualTo(200);
            assertThat(call(service, "GET", "/fhir/Observation?patient=nobody", null).statusCode()).isEqualTo(200);
            assertThat(call(service, "POST", "/fhir/Observation", null).statusCode()).isEqualTo(403);
            assertThat(call(service, "POST", "/alerts/x/acknowledge", null).statusCode()).isEqualTo(403);
        }
    }

    private AlertService service(String name, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                AlertConfig.GROUP_ID, "sec-" + name,
                AlertConfig.HTTP_PORT, "0"));
        settings.putAll(extra);
        return new AlertService(AlertConfig.from(Settings.of(settings)), Clock.systemUTC());
    }

    private static Reading reading(String patient, String device, String spo2) {
        Instant measured = Instant.parse("2026-03-15T08:30:00Z");
        return new Reading(Schema.VERSION, Reading.idFor(device, VitalType.SPO2, measured, null), patient, device,
                "hub-sec", VitalType.SPO2, new BigDecimal(spo2), "%", null, null, measured, measured.plusSeconds(1),
                TimeSource.DEVICE, null, null);
    }

    private static void send(Reading reading) throws Exception {
        producer.send(new ProducerRecord<>(Topics.READINGS.name(), reading.patientId(),
                Topics.READINGS.valueSerde().serializer().serialize(Topics.READINGS.name(), reading))).get();
    }

    private HttpResponse<String> call(AlertService service, String method, String path, String token)
            throws Exception {
        return call(service, method, path, token, "");
    }

    private HttpResponse<String> call(AlertService service, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                + path)).header("Content-Type", Fhir.JSON_MEDIA_TYPE)
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
