package org.rpmpipeline.alerts.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.rpmpipeline.contract.json.Json;

/**
 * OAuth2 client-credentials grant (RFC 6749 section 4.4): POSTs {@code grant_type=client_credentials} (and the
 * scope, if any) to the token endpoint with the client id and secret as HTTP Basic credentials, and caches the
 * access token until 30 s before it expires or the FHIR server refuses it.
 */
public final class ClientCredentials implements TokenSource {
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private String cached;
    private Instant expires = Instant.MIN;

    public ClientCredentials(URI tokenUrl, String clientId, String clientSecret, String scope, Duration timeout,
            Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public synchronized Optional<String> token() throws IOException {
        if (cached != null && clock.instant().isBefore(expires)) {
            return Optional.of(cached);
        }
        String form = "grant_type=client_credentials"
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching a token", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("token endpoint answered " + response.statusCode());
        }
        JsonNode body = Json.mapper().readTree(response.body());
        String token = body.path("access_token").asText(null);
        if (token == null || token.isBlank()) {
            throw new IOException("token endpoint returned no access_token");
        }
        long lifetime = body.path("expires_in").asLong(300);
        cached = token;
        expires = clock.instant().plusSeconds(lifetime).minus(EARLY);
        return Optional.of(token);
    }

    @Override
    public synchronized void invalidate() {
        cached = null;
    }
}
