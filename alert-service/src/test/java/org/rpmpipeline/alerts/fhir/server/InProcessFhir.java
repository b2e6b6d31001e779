package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.http.HttpApi;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;
import org.rpmpipeline.http.HttpSettings;

/**
 * The in-process FHIR server mounted as the service mounts it, behind its access filter: a writer with an admin
 * token (writes need it) and a small REST client that reads with a viewer token, as an integrator would.
 */
final class InProcessFhir implements AutoCloseable {
    static final String WRITER_TOKEN = "t-fhir-writer";
    static final String READER_TOKEN = "t-fhir-reader";

    private final FhirServer server;
    private final HttpApi http;
    private final HttpClient client = HttpClient.newHttpClient();

    InProcessFhir(Clock clock) {
        server = new FhirServer(clock);
        ApiAccess access = new ApiAccess(ApiTokens.of(Map.of(
                WRITER_TOKEN, new Principal("pipeline", Role.ADMIN),
                READER_TOKEN, new Principal("integrator", Role.VIEWER))), false);
        http = HttpApi.start(HttpSettings.loopback(0, AlertConfig.DEFAULT_MAX_REQUEST_BYTES), Optional.empty(),
                access, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Optional.of(server.servlet()));
    }

    FhirServer server() {
        return server;
    }

    URI base() {
        return http.localFhirBase();
    }

    FhirWriter writer() {
        return new FhirWriter(base(), Optional.of(WRITER_TOKEN), Duration.ofSeconds(10));
    }

    /**
     * GET {@code path} (relative to the base, e.g. {@code Observation?patient=x}, or a link the server gave) as a
     * viewer, and its status and body.
     */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        String url = path.startsWith("http") ? path : base() + "/" + path;
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", Fhir.JSON_MEDIA_TYPE)
                .header("Authorization", "Bearer " + READER_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A search that must succeed, as a Bundle. */
    Bundle search(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Fhir.context().newJsonParser().parseResource(Bundle.class, response.body());
    }

    /** A read that must succeed. */
    Resource read(String reference) throws IOException, InterruptedException {
        HttpResponse<String> response = get(reference);
        assertThat(response.statusCode()).as(reference + ": " + response.body()).isEqualTo(200);
        return (Resource) Fhir.context().newJsonParser().parseResource(response.body());
    }

    @Override
    public void close() {
        http.close();
    }
}
