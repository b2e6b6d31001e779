package org.rpmpipeline.alerts.fhir;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * Delivers resources to a FHIR server as one transaction bundle per batch. Every entry is idempotent on retry:
 * Observations, RiskAssessments and Communications are conditional creates ({@code ifNoneExist} on the
 * identifier), a DetectedIssue (whose state changes) is a conditional update on its identifier. Adds
 * {@code Authorization: Bearer} from its {@link TokenSource} (a fixed token or OAuth2 client credentials).
 */
public final class FhirWriter {
    private final URI baseUrl;
    private final TokenSource tokens;
    private final Duration timeout;
    private final HttpClient http;

    public FhirWriter(URI baseUrl, Optional<String> bearerToken, Duration timeout) {
        this(baseUrl, bearerToken.map(TokenSource::fixed).orElseGet(TokenSource::none), timeout);
    }

    public FhirWriter(URI baseUrl, TokenSource tokens, Duration timeout) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The transaction bundle for {@code resources}, in order. */
    public static Bundle transaction(Collection<Resource> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : resources) {
            Identifier identifier = identifierOf(resource);
            String condition = "identifier=" + identifier.getSystem() + "|" + identifier.getValue();
            Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource)
                    .setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart());
            if (resource.fhirType().equals("DetectedIssue")) {
                entry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "?" + condition);
            } else {
                entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType())
                        .setIfNoneExist(condition);
            }
        }
        return bundle;
    }

    /**
     * A resource already encoded as JSON, with what the transaction entry needs: delivering these skips a parse
     * and a re-encode per resource.
     */
    public record EncodedResource(String type, String identifierSystem, String identifierValue, String json) {
    }

    /** The transaction bundle JSON for already encoded resources, in order. */
    public static String transactionJson(Collection<EncodedResource> resources) {
        int size = 64;
        for (EncodedResource r : resources) {
            size += r.json().length() + 2 * r.identifierValue().length() + 160;
        }
        // sized once: a bundle of 2,000 Observations is megabytes, and every regrowth copies it all
        StringBuilder out = new StringBuilder(size);
        out.append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        boolean first = true;
        for (EncodedResource r : resources) {
            String condition = "identifier=" + r.identifierSystem() + "|" + r.identifierValue();
            String request = r.type().equals("DetectedIssue")
                    ? "{\"method\":\"PUT\",\"url\":" + quote(r.type() + "?" + condition) + "}"
                    : "{\"method\":\"POST\",\"url\":" + quote(r.type()) + ",\"ifNoneExist\":" + quote(condition)
                            + "}";
            out.append(first ? "" : ",").append("{\"resource\":").append(r.json()).append(",\"request\":")
                    .append(request).append('}');
            first = false;
        }
        return out.append("]}").toString();
    }

    private static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Posts already encoded resources as one transaction; see {@link #deliver(Collection)}. */
    public void deliverEncoded(Collection<EncodedResource> resources) throws FhirDeliveryException {
        if (!resources.isEmpty()) {
            post(transactionJson(resources));
        }
    }

    /**
     * Posts {@code resources} as one transaction. Returns normally when the server accepted it; throws
     * {@link FhirDeliveryException} saying whether a retry can help.
     */
    public void deliver(Collection<Resource> resources) throws FhirDeliveryException {
        if (!resources.isEmpty()) {
            post(Fhir.toJson(transaction(resources)));
        }
    }

    private void post(String bundleJson) throws FhirDeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl).timeout(timeout)
                .header("Content-Type", Fhir.JSON_MEDIA_TYPE).header("Accept", Fhir.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(bundleJson));
        HttpResponse<String> response;
        try {
            Optional<String> token = tokens.token();
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FhirDeliveryException("FHIR server or token endpoint unreachable: " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirDeliveryException("interrupted", true, e);
        }
        int status = response.statusCode();
        if (status == 401) {
            tokens.invalidate();
        }
        if (status / 100 != 2) {
            boolean retriable = status >= 500 || status == 408 || status == 429 || status == 401 || status == 403;
            throw new FhirDeliveryException("FHIR server answered " + status, retriable, null);
        }
    }

    private static Identifier identifierOf(Resource resource) {
        var property = resource.getNamedProperty("identifier");
        if (property == null || !property.hasValues()) {
            throw new IllegalArgumentException(resource.fhirType() + " has no identifier to make it idempotent");
        }
        return (Identifier) property.getValues().get(0);
    }

    /** The base URL resources go to. */
    public URI baseUrl() {
        return baseUrl;
    }
}
