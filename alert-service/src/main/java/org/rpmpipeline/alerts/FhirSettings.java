package org.rpmpipeline.alerts;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

/**
 * Where FHIR resources go.
 *
 * @param serverEnabled serve the in-process FHIR server at {@code /fhir} on the HTTP port (default: only when no
 *     base URL is configured)
 * @param baseUrl the FHIR server to deliver to; empty means the in-process server when it runs, else no delivery
 * @param bearerToken sent as {@code Authorization: Bearer}; read from a file so it never sits in the environment
 * @param timeout connect and request timeout of one delivery
 * @param clientCredentials OAuth2 client-credentials settings, instead of a fixed bearer token
 */
public record FhirSettings(boolean serverEnabled, Optional<URI> baseUrl, Optional<String> bearerToken,
        Duration timeout, Optional<ClientCredentialsSettings> clientCredentials) {

    /** An OAuth2 client-credentials grant; the secret is read from a file. */
    public record ClientCredentialsSettings(URI tokenUrl, String clientId, String clientSecret, String scope) {
        @Override
        public String toString() {
            return "ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=****, scope="
                    + scope + "]";
        }
    }

    public static final String OAUTH_TOKEN_URL = "rpm.alerts.fhir.oauth.token-url";
    public static final String OAUTH_CLIENT_ID = "rpm.alerts.fhir.oauth.client-id";
    public static final String OAUTH_CLIENT_SECRET_FILE = "rpm.alerts.fhir.oauth.client-secret-file";
    public static final String OAUTH_SCOPE = "rpm.alerts.fhir.oauth.scope";

    public static final String SERVER_ENABLED = "rpm.alerts.fhir.server-enabled";
    public static final String BASE_URL = "rpm.alerts.fhir.base-url";
    public static final String TOKEN_FILE = "rpm.alerts.fhir.token-file";
    public static final String TIMEOUT = "rpm.alerts.fhir.timeout";

    static FhirSettings from(Settings settings) {
        Optional<URI> base = settings.raw(BASE_URL).map(raw -> settings.uri(BASE_URL, raw, Set.of("http", "https")));
        // the in-process server keeps everything in memory: by default it runs only when there is no real one
        boolean server = settings.bool(SERVER_ENABLED, base.isEmpty());
        Optional<String> token = settings.existingFile(TOKEN_FILE).map(path -> {
            try {
                String text = Files.readString(path).trim();
                if (text.isEmpty()) {
                    throw Settings.invalid(TOKEN_FILE, "must name a file holding a token", path.toString());
                }
                return text;
            } catch (IOException e) {
                throw new ConfigException(Settings.describe(TOKEN_FILE) + " cannot be read: " + e.getMessage());
            }
        });
        Duration timeout = settings.duration(TIMEOUT, Duration.ofSeconds(10));
        if (timeout.isZero() || timeout.isNegative()) {
            throw Settings.invalid(TIMEOUT, "must be positive", timeout.toString());
        }
        Optional<ClientCredentialsSettings> oauth = settings.raw(OAUTH_TOKEN_URL).map(raw -> {
            if (token.isPresent()) {
                throw new ConfigException(Settings.describe(OAUTH_TOKEN_URL) + " and " + Settings.describe(TOKEN_FILE)
                        + " exclude each other");
            }
            URI url = settings.uri(OAUTH_TOKEN_URL, raw, Set.of("http", "https"));
            String secret = settings.existingFile(OAUTH_CLIENT_SECRET_FILE).map(FhirSettings::read)
                    .orElseThrow(() -> new ConfigException(Settings.describe(OAUTH_CLIENT_SECRET_FILE)
                            + " is required with " + Settings.describe(OAUTH_TOKEN_URL)));
            return new ClientCredentialsSettings(url, settings.requiredString(OAUTH_CLIENT_ID), secret,
                    settings.raw(OAUTH_SCOPE).orElse(null));
        });
        return new FhirSettings(server, base, token, timeout, oauth);
    }

    private static String read(java.nio.file.Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new ConfigException(Settings.describe(OAUTH_CLIENT_SECRET_FILE) + " cannot be read: "
                    + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "FhirSettings[serverEnabled=" + serverEnabled + ", baseUrl=" + baseUrl.map(URI::toString).orElse("-")
                + ", bearerToken=" + (bearerToken.isPresent() ? "****" : "-") + ", timeout=" + timeout
                + ", clientCredentials=" + clientCredentials.map(Object::toString).orElse("-") + "]";
    }
}
