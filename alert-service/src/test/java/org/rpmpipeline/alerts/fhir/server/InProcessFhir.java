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
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.http.HttpApi;

/** The in-process FHIR server mounted as the service mounts it, with a writer and a small REST client. */
final class InProcessFhir implements AutoCloseable {
    private final FhirServer server;
    private final HttpApi http;
    private final HttpClient client = HttpClient.newHttpClient();

    InProcessFhir(Clock clock) {
        server = new FhirServer(clock);
        http = HttpApi.start(0, Optional.empty(), ApiTokens.none(), () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Optional.of(server.servlet()));
    }

    FhirServer server() {
        return server;
    }

    URI base() {
        return URI.create("http://localhost:" + http.port() + HttpApi.FHIR_PATH);
    }

    FhirWriter writer() {
        return new FhirWriter(base(), Optional.empty(), Duration.ofSeconds(10));
    }

    /** GET {@code path} (relative to the base, e.g. {@code Observation?patient=x}) and its status and body. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        String url = path.startsWith("http") ? path : base() + "/" + path;
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", Fhir.JSON_MEDIA_TYPE).build(),
                HttpResponse.BodyHandlers.ofString());
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
