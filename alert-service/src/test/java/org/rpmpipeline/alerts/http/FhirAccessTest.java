package org.rpmpipeline.alerts.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.alerts.fhir.Readings;
import org.rpmpipeline.alerts.fhir.server.FhirServer;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.http.HttpSettings;

/**
 * The in-process FHIR server behind the HTTP API: who may read and write, how large a request may be, and what
 * a refused or failed request is told.
 */
class FhirAccessTest {
    private static final Map<String, Principal> TOKENS = Map.of(
            "t-viewer", new Principal("dashboard", Role.VIEWER),
            "t-nurse", new Principal("nurse-1", Role.CLINICIAN),
            "t-admin", new Principal("integration", Role.ADMIN));

    private final HttpClient client = HttpClient.newHttpClient();
    private final FhirServer fhir = new FhirServer(Clock.systemUTC());
    private HttpApi api;

    @BeforeEach
    void start() {
        api = start(new ApiAccess(ApiTokens.of(TOKENS), false));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anonymousWrite_isRefusedWith401AndNothingIsStored() throws Exception {
        HttpResponse<String> response = send(create(observation("81")), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(outcome(response).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
        assertThat(fhir.store().count("Observation")).isZero();
    }

    @Test
    void anonymousRead_isRefusedWhenTokensAreConfigured() throws Exception {
        assertThat(send(read("/Observation?patient=pat-9"), null).statusCode()).isEqualTo(401);
        assertThat(send(read("/metadata"), null).statusCode()).isEqualTo(401);
        assertThat(send(read("/Observation?patient=pat-9"), "Bearer not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void viewerAndClinicianCanRead_butNotWrite() throws Exception {
        for (String token : new String[] {"t-viewer", "t-nurse"}) {
            assertThat(send(read("/Observation?patient=pat-9"), "Bearer " + token).statusCode()).as(token)
                    .isEqualTo(200);
            HttpResponse<String> write = send(create(observation("81")), "Bearer " + token);

            assertThat(write.statusCode()).as(token).isEqualTo(403);
            assertThat(outcome(write).getIssueFirstRep().getDiagnostics()).isEqualTo("requires role admin");
        }
        assertThat(fhir.store().count("Observation")).isZero();
    }

    @Test
    void adminCanWrite_andAnUpdateByAViewerLeavesTheValueAlone() throws Exception {
        Observation observation = observation("81");
        HttpResponse<String> created = send(create(observation), "Bearer t-admin");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = fhir.store().all("Observation").get(0).getIdElement().getIdPart();

        Observation changed = observation("99");
        changed.setId(id);
        HttpResponse<String> update = send(HttpRequest.newBuilder(uri("/Observation/" + id))
                .header("Content-Type", Fhir.JSON_MEDIA_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(Fhir.toJson(changed))), "Bearer t-viewer");
        HttpResponse<String> delete = send(HttpRequest.newBuilder(uri("/Observation/" + id)).DELETE(),
                "Bearer t-nurse");

        assertThat(update.statusCode()).isEqualTo(403);
        assertThat(delete.statusCode()).isEqualTo(403);
        Observation stored = (Observation) fhir.store().all("Observation").get(0);
        assertThat(stored.getValueQuantity().getValue()).isEqualByComparingTo("81");
    }

    @Test
    void refusedWrites_areAnswered_andLeaveTheConnectionUsableForTheNextRequest() throws Exception {
        Observation observation = observation("81");
        observation.getCode().setText("x".repeat(256 * 1024));
        for (int i = 0; i < 20; i++) {
            boolean anonymous = i % 2 == 0;
            HttpResponse<String> refused = send(create(observation), anonymous ? null : "Bearer t-viewer");
            assertThat(refused.statusCode()).as("request %d", i).isEqualTo(anonymous ? 401 : 403);
            assertThat(send(create(observation("82")), "Bearer t-nurse").statusCode()).as("request %d", i)
                    .isEqualTo(403);
        }
        assertThat(fhir.store().count("Observation")).isZero();
    }

    @Test
    void searchByPost_isARead() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/Observation/_search"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("patient=pat-9")), "Bearer t-viewer");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void thirtyMegabyteObservation_isRefusedWith413_withAndWithoutContentLength() throws Exception {
        Observation observation = observation("81");
        observation.getCode().setText("x".repeat(30 * 1024 * 1024));
        byte[] body = Fhir.toJson(observation).getBytes(StandardCharsets.UTF_8);
        String head = "POST " + URI.create(api.localFhirBase() + "/Observation").getPath() + " HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer t-admin\r\nContent-Type: " + Fhir.JSON_MEDIA_TYPE + "\r\n";

        String sized = RawHttp.exchange(api.port(), head + "Content-Length: " + body.length + "\r\n\r\n", body,
                false);
        String chunked = RawHttp.exchange(api.port(), head + "Transfer-Encoding: chunked\r\n\r\n", body, true);

        assertThat(sized).startsWith("HTTP/1.1 413");
        assertThat(chunked).startsWith("HTTP/1.1 413");
        assertNoInternals(sized);
        assertNoInternals(chunked);
        assertThat(fhir.store().count("Observation")).isZero();
    }

    @Test
    void failingRequests_getOperationOutcomesWithoutClassNames() throws Exception {
        HttpResponse<String> malformed = send(HttpRequest.newBuilder(uri("/Observation"))
                .header("Content-Type", Fhir.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Observation\",\"status\":")),
                "Bearer t-admin");
        HttpResponse<String> wrongType = send(HttpRequest.newBuilder(uri("/Observation"))
                .header("Content-Type", Fhir.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\"}")), "Bearer t-admin");
        HttpResponse<String> unknownType = send(read("/Nonsense/1"), "Bearer t-viewer");
        HttpResponse<String> missing = send(read("/Observation/no-such-id"), "Bearer t-viewer");

        for (HttpResponse<String> response : java.util.List.of(malformed, wrongType, unknownType, missing)) {
            assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
            assertThat(response.body()).contains("OperationOutcome");
            assertNoInternals(response.body());
        }
    }

    @Test
    void fhirResponses_areNosniffAndNoStore() throws Exception {
        HttpResponse<String> response = send(read("/Observation?patient=pat-9"), "Bearer t-viewer");

        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("no-store"));
    }

    @Test
    void anonymousRead_whenOn_letsReadsThroughButNoWrite() throws Exception {
        api.close();
        api = start(new ApiAccess(ApiTokens.none(), true));

        assertThat(send(read("/Observation?patient=pat-9"), null).statusCode()).isEqualTo(200);
        assertThat(send(create(observation("81")), null).statusCode()).isEqualTo(403);
        assertThat(fhir.store().count("Observation")).isZero();
    }

    @Test
    void withoutTokensOrAnonymousRead_nothingIsServed() throws Exception {
        api.close();
        api = start(new ApiAccess(ApiTokens.none(), false));

        assertThat(send(read("/Observation?patient=pat-9"), null).statusCode()).isEqualTo(401);
        assertThat(send(create(observation("81")), null).statusCode()).isEqualTo(401);
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private HttpApi start(ApiAccess access) {
        return HttpApi.start(HttpSettings.loopback(0, AlertConfig.DEFAULT_MAX_REQUEST_BYTES), Optional.empty(),
                access, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Optional.of(fhir.servlet()));
    }

    private static Observation observation(String spo2) {
        return new ObservationMapper().map(Readings.of(VitalType.SPO2, spo2));
    }

    private HttpRequest.Builder create(Observation observation) {
        return HttpRequest.newBuilder(uri("/Observation")).header("Content-Type", Fhir.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(Fhir.toJson(observation)));
    }

    private HttpRequest.Builder read(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private URI uri(String path) {
        return URI.create(api.localFhirBase() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static OperationOutcome outcome(HttpResponse<String> response) {
        return Fhir.context().newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    static void assertNoInternals(String body) {
        assertThat(body).doesNotContainPattern("\\b[a-z]+\\.[a-z]+\\.[a-z.]*[A-Z][A-Za-z]*")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
    }
}
