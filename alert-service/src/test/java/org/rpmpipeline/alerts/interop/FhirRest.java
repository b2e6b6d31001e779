package org.rpmpipeline.alerts.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.Fhir;

/** A FHIR server seen only through its REST API, as an integrator sees it. */
final class FhirRest {
    private final URI base;
    private final String bearerToken;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param bearerToken sent with every request, or {@code null} for a server that asks for none */
    FhirRest(URI base, String bearerToken) {
        this.base = base;
        this.bearerToken = bearerToken;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The HTTP status of GET {@code path} (relative to the base, or absolute). */
    int status(String path) throws IOException, InterruptedException {
        return get(path).statusCode();
    }

    Resource read(String reference) throws IOException, InterruptedException {
        HttpResponse<String> response = get(reference);
        assertThat(response.statusCode()).as("GET " + reference + ": " + response.body()).isEqualTo(200);
        return (Resource) Fhir.context().newJsonParser().parseResource(response.body());
    }

    /** A search's total (asked for with {@code _summary=count}). */
    int count(String query) throws IOException, InterruptedException {
        return search(query + (query.contains("?") ? "&" : "?") + "_summary=count").getTotal();
    }

    Bundle search(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = get(query);
        assertThat(response.statusCode()).as("GET " + query + ": " + response.body()).isEqualTo(200);
        return Fhir.context().newJsonParser().parseResource(Bundle.class, response.body());
    }

    /** Every match of {@code query}, following {@code next} links. */
    List<Resource> all(String query) throws IOException, InterruptedException {
        List<Resource> out = new ArrayList<>();
        Bundle page = search(query);
        while (true) {
            page.getEntry().forEach(e -> out.add(e.getResource()));
            if (page.getLink("next") == null) {
                return out;
            }
            page = search(page.getLink("next").getUrl());
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = path.startsWith("http") ? URI.create(path) : URI.create(base + "/" + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", Fhir.JSON_MEDIA_TYPE);
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
