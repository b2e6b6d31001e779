package org.rpmpipeline.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.lifecycle.AlertKey;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.finding.Severity;

class NotificationPolicyTest {
    private static final Instant DAY = Instant.parse("2026-03-15T14:00:00Z");
    private static final Instant NIGHT = Instant.parse("2026-03-15T23:30:00Z");
    private final Snoozes snoozes = new Snoozes();
    private final CareTeams teams = new CareTeams(Map.of(
            "ward", new CareTeams.Team(List.of(
                    new CareTeams.Tier(List.of("nurse-desk", "night-nurse"), Severity.MODERATE),
                    new CareTeams.Tier(List.of("physician"), Severity.HIGH)),
                    Map.of("night-nurse", new CareTeams.QuietHours(LocalTime.of(8, 0), LocalTime.of(20, 0),
                            ZoneId.of("UTC")), "nurse-desk", new CareTeams.QuietHours(LocalTime.of(22, 0),
                                    LocalTime.of(7, 0), ZoneId.of("UTC")))),
            "home", new CareTeams.Team(List.of(new CareTeams.Tier(List.of("gp"), null)), null)),
            Map.of("pat-ward", "ward"), "home");
    private final NotificationPolicy policy = new NotificationPolicy(teams, snoozes);

    @Test
    void routesByPatientTeamAndTier() {
        assertThat(policy.recipients(alert("pat-ward", Severity.HIGH), 0, DAY)).containsExactly("nurse-desk");
        assertThat(policy.recipients(alert("pat-ward", Severity.HIGH), 1, DAY)).containsExactly("physician");
        assertThat(policy.recipients(alert("pat-other", Severity.LOW), 0, DAY)).containsExactly("gp");
        assertThat(policy.tiers(alert("pat-ward", Severity.HIGH))).isEqualTo(2);
        assertThat(policy.recipients(alert("pat-ward", Severity.HIGH), 2, DAY)).isEmpty();
    }

    @Test
    void tierIsOnlyToldAboutSeveritiesAtOrAboveItsFloor() {
        assertThat(policy.recipients(alert("pat-ward", Severity.LOW), 0, DAY)).isEmpty();
        assertThat(policy.recipients(alert("pat-ward", Severity.MODERATE), 1, DAY)).isEmpty();
    }

    @Test
    void quietHoursHoldBackAllButCritical() {
        assertThat(policy.recipients(alert("pat-ward", Severity.HIGH), 0, NIGHT)).containsExactly("night-nurse");
        assertThat(policy.recipients(alert("pat-ward", Severity.CRITICAL), 0, NIGHT))
                .containsExactly("nurse-desk", "night-nurse");
    }

    @Test
    void snoozeHoldsBackAllButCriticalUntilItEnds() {
        snoozes.snooze(new AlertKey("pat-ward", "spo2-low"), DAY.plusSeconds(1800));

        assertThat(policy.recipients(alert("pat-ward", Severity.HIGH), 0, DAY)).isEmpty();
        assertThat(policy.recipients(alert("pat-ward", Severity.CRITICAL), 0, DAY))
                .containsExactly("nurse-desk", "night-nurse");
        assertThat(policy.recipients(alert("pat-ward", Severity.HIGH), 0, DAY.plusSeconds(1800)))
                .containsExactly("nurse-desk");
    }

    @Test
    void loadsCareTeamsFromJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("teams.json");
        Files.writeString(file, """
                {"default": "home",
                 "teams": {"home": {"tiers": [{"recipients": ["gp"], "minSeverity": "moderate"}],
                                    "quietHours": {"gp": {"from": "22:00", "to": "07:00", "zone": "Europe/London"}}}},
                 "patients": {"pat-1": "home"}}
                """);

        CareTeams loaded = CareTeams.load(file, "rpm.alerts.care-teams-file");

        assertThat(loaded.teamOf("pat-1").tiers().get(0).minSeverity()).isEqualTo(Severity.MODERATE);
        assertThat(loaded.teamOf("pat-1").quietHours().get("gp").zone()).isEqualTo(ZoneId.of("Europe/London"));
    }

    @Test
    void unknownTeamInTheFileFailsNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("teams.json");
        Files.writeString(file, """
                {"default": "nowhere", "teams": {"home": {"tiers": [{"recipients": ["gp"]}]}}}
                """);

        assertThatThrownBy(() -> CareTeams.load(file, "rpm.alerts.care-teams-file"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_CARE_TEAMS_FILE");
    }

    private static Alert alert(String patient, Severity severity) {
        return new Alert(1, "alert-1", patient, "spo2-low", severity, AlertState.OPEN, List.of("f-1"),
                new BigDecimal("89"), "summary", DAY, DAY, "system");
    }
}
