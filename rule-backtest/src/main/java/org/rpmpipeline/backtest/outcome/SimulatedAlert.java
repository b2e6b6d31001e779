package org.rpmpipeline.backtest.outcome;

import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.finding.Severity;

/**
 * An alert the alert service would have raised.
 *
 * @param episodeStart when the condition began, by the finding that opened the alert ({@code details.episodeStart},
 *     else its window start); never after {@code openedAt}
 * @param openedAt when the alert opened (the opening finding's detection time)
 * @param severity the highest severity the alert reached
 * @param resolvedAt when a finding resolved it, or {@code null} if it was still open at the end of the replay
 * @param notifications notifications sent for it (opening and severity raises, tier 1, after the policy)
 */
public record SimulatedAlert(String alertId, String patientId, String ruleId, Instant episodeStart,
        Instant openedAt, Severity severity, Instant resolvedAt, int notifications) {
    public SimulatedAlert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(severity, "severity");
        episodeStart = episodeStart == null || episodeStart.isAfter(openedAt) ? openedAt : episodeStart;
    }
}
