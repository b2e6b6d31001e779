package org.rpmpipeline.contract.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Severity;

/**
 * The current state of an alert on the event-sourced {@code rpm.alerts} topic, keyed by patient id. Each state
 * change is a new record with the same alert id.
 *
 * @param findingIds the findings merged into this alert, oldest first: the one that opened it and the most recent,
 *     at most {@link #MAX_FINDING_IDS} (an alert open for weeks, or merging a hub's backlog of late findings, would
 *     otherwise outgrow a Kafka record)
 * @param peakValue the most extreme computed value seen while the alert was open
 * @param actor who made the latest change ({@code system} for automatic ones)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        int schemaVersion,
        String alertId,
        String patientId,
        String ruleId,
        Severity severity,
        AlertState state,
        List<String> findingIds,
        BigDecimal peakValue,
        String summary,
        Instant openedAt,
        Instant updatedAt,
        String actor) {

    /** The most finding ids an alert carries; the service that writes alerts keeps the first and the latest. */
    public static final int MAX_FINDING_IDS = 100;

    public Alert {
        Schema.check(schemaVersion, "Alert");
        Objects.requireNonNull(alertId, "alertId is required");
        Ids.require("patientId", patientId);
        Objects.requireNonNull(ruleId, "ruleId is required");
        Objects.requireNonNull(severity, "severity is required");
        Objects.requireNonNull(state, "state is required");
        Objects.requireNonNull(openedAt, "openedAt is required");
        Objects.requireNonNull(updatedAt, "updatedAt is required");
        findingIds = findingIds == null ? List.of() : List.copyOf(findingIds);
    }
}
