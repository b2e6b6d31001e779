package org.rpmpipeline.alerts.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

/**
 * Bearer tokens of the alert API, from a file with one {@code <token> <role> <actor>} per line ({@code #} starts a
 * comment), e.g. {@code 7f3c... clinician nurse-ward-3}. Roles: {@code viewer}, {@code clinician}, {@code admin}.
 * A caller without a known token is nobody here; whether such a caller may read anyway is {@link ApiAccess}'s
 * decision.
 */
public final class ApiTokens {
    private final Map<String, Principal> byToken;

    private ApiTokens(Map<String, Principal> byToken) {
        this.byToken = Map.copyOf(byToken);
    }

    public static ApiTokens none() {
        return new ApiTokens(Map.of());
    }

    public static ApiTokens of(Map<String, Principal> tokens) {
        return new ApiTokens(tokens);
    }

    /** Reads the tokens file named by {@code key}; errors name the key and line, never the token. */
    public static ApiTokens load(Path file, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(Settings.describe(key) + " cannot be read: " + e.getMessage());
        }
        Map<String, Principal> tokens = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 3) {
                throw new ConfigException(Settings.describe(key) + " line " + (i + 1)
                        + " must be '<token> <role> <actor>'");
            }
            try {
                tokens.put(parts[0], new Principal(parts[2], Role.fromCode(parts[1])));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(Settings.describe(key) + " line " + (i + 1)
                        + " has an unknown role, expected viewer, clinician or admin");
            }
        }
        if (tokens.isEmpty()) {
            throw new ConfigException(Settings.describe(key) + " names a file with no tokens");
        }
        return new ApiTokens(tokens);
    }

    public boolean enabled() {
        return !byToken.isEmpty();
    }

    /** These tokens and one more (the service's own, for its writes to its in-process FHIR server). */
    public ApiTokens with(String token, Principal principal) {
        Map<String, Principal> more = new HashMap<>(byToken);
        more.put(token, principal);
        return new ApiTokens(more);
    }

    /** The caller for an {@code Authorization} header value; empty unless it is a known bearer token. */
    public Optional<Principal> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, Principal> entry : byToken.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    public int size() {
        return byToken.size();
    }
}
