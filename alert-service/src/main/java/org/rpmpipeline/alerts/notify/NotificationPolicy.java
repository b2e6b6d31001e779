package org.rpmpipeline.alerts.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rpmpipeline.alerts.lifecycle.AlertKey;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.finding.Severity;

/**
 * Which recipients of a tier hear about an alert now: the tier's severity floor routes by severity, a snoozed
 * patient + rule and a recipient's quiet hours hold back everything below critical. <b>Critical always
 * notifies</b>: neither a snooze nor quiet hours can silence it.
 */
public final class NotificationPolicy {
    private final CareTeams teams;
    private final Snoozes snoozes;

    public NotificationPolicy(CareTeams teams, Snoozes snoozes) {
        this.teams = teams;
        this.snoozes = snoozes;
    }

    /** The number of escalation tiers of the alert's patient's team. */
    public int tiers(Alert alert) {
        return teams.teamOf(alert.patientId()).tiers().size();
    }

    /** The recipients of {@code tier} to notify about {@code alert} at {@code now}; empty if none. */
    public List<String> recipients(Alert alert, int tier, Instant now) {
        CareTeams.Team team = teams.teamOf(alert.patientId());
        if (tier >= team.tiers().size()) {
            return List.of();
        }
        CareTeams.Tier selected = team.tiers().get(tier);
        boolean critical = alert.severity() == Severity.CRITICAL;
        if (alert.severity().compareTo(selected.minSeverity()) < 0) {
            return List.of();
        }
        if (!critical && snoozes.isSnoozed(new AlertKey(alert.patientId(), alert.ruleId()), now)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String recipient : selected.recipients()) {
            CareTeams.QuietHours quiet = team.quietHours().get(recipient);
            if (critical || quiet == null || !quiet.contains(now)) {
                out.add(recipient);
            }
        }
        return out;
    }
}
