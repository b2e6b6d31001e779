package org.rpmpipeline.alerts.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.json.Json;

/**
 * Who hears about which alert: care teams with escalation tiers, each tier with its recipients and the lowest
 * severity it is told about, quiet hours per recipient, and which team looks after which patient. Read from a
 * JSON file (see the module README); without one, every alert goes to one default recipient.
 *
 * @param teams care teams by name
 * @param patients team name by patient id; patients not listed belong to {@code defaultTeam}
 * @param defaultTeam the name of the team of unlisted patients
 */
public record CareTeams(Map<String, Team> teams, Map<String, String> patients,
        @JsonProperty("default") String defaultTeam) {

    public CareTeams {
        teams = Map.copyOf(Objects.requireNonNull(teams, "teams"));
        patients = patients == null ? Map.of() : Map.copyOf(patients);
        if (!teams.containsKey(defaultTeam)) {
            throw new IllegalArgumentException("default team \"" + defaultTeam + "\" is not defined");
        }
        for (String team : patients.values()) {
            if (!teams.containsKey(team)) {
                throw new IllegalArgumentException("patient team \"" + team + "\" is not defined");
            }
        }
    }

    /** One team with one tier holding {@code recipient}, told about every severity. */
    public static CareTeams single(String recipient) {
        return new CareTeams(Map.of("default", new Team(List.of(new Tier(List.of(recipient), Severity.LOW)),
                Map.of())), Map.of(), "default");
    }

    public static CareTeams load(Path file, String key) {
        try {
            return Json.mapper().readValue(file.toFile(), CareTeams.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(Settings.describe(key) + " is not a valid care-team file: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The name of the team of {@code patientId}. */
    public String teamNameOf(String patientId) {
        return patients.getOrDefault(patientId, defaultTeam);
    }

    /** The team of {@code patientId}. */
    public Team teamOf(String patientId) {
        return teams.get(patients.getOrDefault(patientId, defaultTeam));
    }

    /**
     * A care team.
     *
     * @param tiers escalation tiers, first notified first
     * @param quietHours per recipient, when only critical alerts reach them
     */
    public record Team(List<Tier> tiers, Map<String, QuietHours> quietHours) {
        public Team {
            tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
            if (tiers.isEmpty()) {
                throw new IllegalArgumentException("a team needs at least one tier");
            }
            quietHours = quietHours == null ? Map.of() : Map.copyOf(quietHours);
        }
    }

    /** One escalation tier: its recipients and the lowest severity they are told about. */
    public record Tier(List<String> recipients, Severity minSeverity) {
        public Tier {
            recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
            minSeverity = minSeverity == null ? Severity.LOW : minSeverity;
        }
    }

    /** A daily quiet period in a time zone; {@code from} after {@code to} spans midnight. */
    public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {
        public QuietHours {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            zone = zone == null ? ZoneOffset.UTC : zone;
        }

        public boolean contains(Instant instant) {
            LocalTime local = instant.atZone(zone).toLocalTime();
            return from.isBefore(to) ? !local.isBefore(from) && local.isBefore(to)
                    : !local.isBefore(from) || local.isBefore(to);
        }
    }
}
