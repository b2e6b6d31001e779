package org.rpmpipeline.alerts;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.alerts.fhir.ReferenceRanges;
import org.rpmpipeline.alerts.fhir.server.FhirServer;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Where FHIR resources go.
 *
 * @param serverEnabled serve the in-process FHIR server at {@code /fhir} on the HTTP port (default: only when no
 *     base URL is configured)
 * @param serverMaxResources the most resources of one type the in-process server keeps; beyond it the least
 *     recently written are evicted
 * @param baseUrl the FHIR server to deliver to; empty means the in-process server when it runs, else no delivery
 * @param bearerToken sent as {@code Authorization: Bearer}; read from a file so it never sits in the environment
 * @param timeout connect and request timeout of one delivery
 * @param maxBundleEntries the most resources in one transaction bundle; a polled batch is split into bundles of at
 *     most this many
 * @param clientCredentials OAuth2 client-credentials settings, instead of a fixed bearer token
 * @param sampledData vitals grouped into SampledData Observations (default none)
 * @param referenceRanges the bands Observation values are interpreted against ({@link ReferenceRanges#defaults()}
 *     changed per vital by {@code rpm.alerts.fhir.reference-range.<vital>}; none when
 *     {@code rpm.alerts.fhir.interpretation=false})
 */
public record FhirSettings(boolean serverEnabled, int serverMaxResources, Optional<URI> baseUrl,
        Optional<String> bearerToken, Duration timeout, int maxBundleEntries,
        Optional<ClientCredentialsSettings> clientCredentials, SampledDataSettings sampledData,
        ReferenceRanges referenceRanges) {

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
    public static final String SERVER_MAX_RESOURCES = "rpm.alerts.fhir.server-max-resources";
    public static final String BASE_URL = "rpm.alerts.fhir.base-url";
    public static final String TOKEN_FILE = "rpm.alerts.fhir.token-file";
    public static final String TIMEOUT = "rpm.alerts.fhir.timeout";
    public static final String MAX_BUNDLE_ENTRIES = "rpm.alerts.fhir.max-bundle-entries";
    public static final String INTERPRETATION = "rpm.alerts.fhir.interpretation";
    /** Prefix of the per-vital reference ranges; the vital's wire code follows. */
    public static final String REFERENCE_RANGE_PREFIX = "rpm.alerts.fhir.reference-range.";

    static FhirSettings from(Settings settings) {
        Optional<URI> base = settings.raw(BASE_URL).map(raw -> settings.uri(BASE_URL, raw, Set.of("http", "https")));
        // the in-process server keeps its resources in memory: by default it runs only when there is no real one
        boolean server = settings.bool(SERVER_ENABLED, base.isEmpty());
        int serverMaxResources = settings.integer(SERVER_MAX_RESOURCES, FhirServer.DEFAULT_MAX_PER_TYPE, 1,
                100_000_000);
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
        // 250 Observations are a bundle of about 450 KB: under the size at which G1 allocates outside the young
        // generation (half a region: 512 KB with a 1 GiB heap), in the sender and in an in-process server alike
        int maxBundleEntries = settings.integer(MAX_BUNDLE_ENTRIES, 250, 1, 10_000);
        return new FhirSettings(server, serverMaxResources, base, token, timeout, maxBundleEntries, oauth,
                SampledDataSettings.from(settings), referenceRanges(settings));
    }

    /** Each value is {@code criticalLow,low,high,criticalHigh} (empty = no bound) or {@code off}. */
    private static ReferenceRanges referenceRanges(Settings settings) {
        if (!settings.bool(INTERPRETATION, true)) {
            return ReferenceRanges.none();
        }
        ReferenceRanges ranges = ReferenceRanges.defaults();
        for (VitalType vital : VitalType.values()) {
            String key = REFERENCE_RANGE_PREFIX + vital.code();
            Optional<String> raw = settings.raw(key);
            if (raw.isEmpty()) {
                continue;
            }
            if (raw.get().trim().equals("off")) {
                ranges = ranges.with(vital, Optional.empty());
                continue;
            }
            if (vital.isPanel()) {
                throw Settings.invalid(key, "a panel has no range (set its components)", raw.get());
            }
            try {
                ranges = ranges.with(vital, Optional.of(ReferenceRanges.Range.parse(raw.get())));
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(key, "must be criticalLow,low,high,criticalHigh (empty = no bound) or off: "
                        + e.getMessage(), raw.get());
            }
        }
        return ranges;
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
        return "FhirSettings[serverEnabled=" + serverEnabled + ", serverMaxResources=" + serverMaxResources
                + ", baseUrl=" + baseUrl.map(URI::toString).orElse("-")
                + ", bearerToken=" + (bearerToken.isPresent() ? "****" : "-") + ", timeout=" + timeout
                + ", maxBundleEntries=" + maxBundleEntries
                + ", clientCredentials=" + clientCredentials.map(Object::toString).orElse("-")
                + ", sampledData=" + sampledData
                + ", referenceRanges=" + referenceRanges + "]";
    }
}
