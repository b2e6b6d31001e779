package org.rpmpipeline.alerts.fhir;

import java.io.IOException;
import java.util.Optional;

/** Where the FHIR writer's bearer token comes from: none, a fixed token, or an OAuth2 client-credentials grant. */
public interface TokenSource {
    /** The token to send, if any. */
    Optional<String> token() throws IOException;

    /** The server refused the token (401): forget any cached one. */
    default void invalidate() {
    }

    static TokenSource none() {
        return Optional::empty;
    }

    static TokenSource fixed(String token) {
        return () -> Optional.of(token);
    }
}
