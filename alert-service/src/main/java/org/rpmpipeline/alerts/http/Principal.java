package org.rpmpipeline.alerts.http;

import java.util.Objects;

/** An authenticated caller: the actor recorded in audit records, and its role. */
public record Principal(String actor, Role role) {
    /** The caller when no tokens are configured: may read, may not change anything. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Role.VIEWER);

    public Principal {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(role, "role");
    }
}
