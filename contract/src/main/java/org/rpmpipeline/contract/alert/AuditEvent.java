package org.rpmpipeline.contract.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.Schema;

/**
 * Who did what to which record, and when, on {@code rpm.audit}: alert transitions, reads of an alert,
 * device registrations.
 *
 * @param action e.g. {@code alert.acknowledged}, {@code alert.read}
 * @param subjectType e.g. {@code alert}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        int schemaVersion,
        String eventId,
        Instant at,
        String actor,
        String action,
        String subjectType,
        String subjectId,
        String detail) {

    public AuditEvent {
        Schema.check(schemaVersion, "AuditEvent");
        Objects.requireNonNull(eventId, "eventId is required");
        Objects.requireNonNull(at, "at is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(action, "action is required");
    }
}
