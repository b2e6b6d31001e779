package org.rpmpipeline.alerts.http;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the clinical endpoints ({@code /alerts}, {@code /fhir}): a caller with a known bearer token, with
 * its role; a caller without an {@code Authorization} header only when {@code anonymousRead} is on (the demo), as
 * {@link Principal#ANONYMOUS}, a viewer. A header with an unknown or malformed token is refused either way.
 *
 * @param tokens the configured tokens (plus the service's own)
 * @param anonymousRead let callers without a token read
 */
public record ApiAccess(ApiTokens tokens, boolean anonymousRead) {
    public ApiAccess {
        Objects.requireNonNull(tokens, "tokens");
    }

    /** The caller for an {@code Authorization} header value (null when absent); empty means 401. */
    public Optional<Principal> authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return anonymousRead ? Optional.of(Principal.ANONYMOUS) : Optional.empty();
        }
        return tokens.authenticate(authorization);
    }

    /** True when nobody can get in: no token configured and no anonymous reads. */
    public boolean closed() {
        return !tokens.enabled() && !anonymousRead;
    }
}
