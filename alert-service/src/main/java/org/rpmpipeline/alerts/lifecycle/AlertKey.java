package org.rpmpipeline.alerts.lifecycle;

import java.util.Objects;

/** What findings are deduplicated on: at most one unresolved alert per patient and rule. */
public record AlertKey(String patientId, String ruleId) {
    public AlertKey {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(ruleId, "ruleId");
    }
}
