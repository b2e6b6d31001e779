package org.rpmpipeline.alerts.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Severity;

/**
 * The worklist: every patient with an unresolved alert, most acute first. A patient ranks by the highest severity
 * among their unresolved alerts, then their current NEWS2 response level, then whether an alert still waits for
 * an acknowledgement, then how long their oldest alert has waited (longest first); within a patient, alerts by
 * severity, then age. Pure: the caller supplies what it knows about each alert and patient.
 */
public final class Worklist {
    private Worklist() {
    }

    /**
     * What the worklist is narrowed to, and how many patients it shows: the {@code shown} most acute (a clinician
     * works from the top; a page of every patient with an open alert was what made each live refresh expensive for
     * every open console), the rest a "show more" link away.
     */
    public record Filters(String team, Severity minSeverity, boolean unacknowledged, int shown) {
        /** The team value meaning "the teams I am a recipient of". */
        public static final String MINE = "mine";
        /** Patients shown unless asked for more, and how many more each "show more" adds. */
        public static final int PAGE = 50;
        /** The most patients one worklist shows (a bound on what a query can ask for). */
        public static final int MAX_SHOWN = 2_000;

        public Filters {
            shown = Math.max(1, Math.min(MAX_SHOWN, shown));
        }

        public static Filters parse(String team, String severity, String unacknowledged) {
            return parse(team, severity, unacknowledged, null);
        }

        /** The filters of a query; a missing or malformed value is "no filter" ({@code shown}: one page). */
        public static Filters parse(String team, String severity, String unacknowledged, String shown) {
            Severity min = null;
            if (severity != null && !severity.isBlank()) {
                try {
                    min = Severity.fromCode(severity.strip());
                } catch (IllegalArgumentException e) {
                    min = null;
                }
            }
            int count = PAGE;
            if (shown != null && shown.strip().matches("[0-9]{1,9}")) {
                count = Integer.parseInt(shown.strip());
            }
            return new Filters(team == null ? "" : team.strip(), min, "true".equals(unacknowledged), count);
        }

        public static Filters none() {
            return new Filters("", null, false, PAGE);
        }

        /** These filters showing {@code more} patients more. */
        public Filters more(int more) {
            return new Filters(team, minSeverity, unacknowledged, shown + more);
        }

        /** The query string of these filters (empty for none), e.g. {@code severity=high&unacknowledged=true}. */
        public String query() {
            List<String> parts = new ArrayList<>();
            if (!team.isEmpty()) {
                parts.add("team=" + java.net.URLEncoder.encode(team, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (minSeverity != null) {
                parts.add("severity=" + minSeverity.code());
            }
            if (unacknowledged) {
                parts.add("unacknowledged=true");
            }
            if (shown != PAGE) {
                parts.add("shown=" + shown);
            }
            return String.join("&", parts);
        }

        /** Whether these filters leave some patients out (a team, a severity or unacknowledged only). */
        public boolean narrowed() {
            return !team.isEmpty() || minSeverity != null || unacknowledged;
        }

        public String severityCode() {
            return minSeverity == null ? "" : minSeverity.code();
        }
    }

    /** One alert as the worklist shows it. */
    public record AlertRow(String alertId, String ruleId, Severity severity, AlertState state, String summary,
            String triggering, String peak, Instant openedAt, String waiting, String acknowledgedBy,
            String personalVersion, Instant updatedAt) {
        public String severityCode() {
            return severity.code();
        }

        public String stateCode() {
            return state.code();
        }

        public boolean open() {
            return state == AlertState.OPEN;
        }
    }

    /** One patient with their unresolved alerts. */
    public record PatientRow(String patientId, String team, Optional<News2View> news2, List<AlertRow> alerts) {
        public Severity top() {
            return alerts.stream().map(AlertRow::severity).max(Comparator.naturalOrder()).orElse(Severity.LOW);
        }

        public String topCode() {
            return top().code();
        }
    }

    /** What the worklist needs to know besides the alerts. */
    public interface Lookup {
        String teamOf(String patientId);

        Optional<News2View> news2(String patientId);

        List<Evidence> triggering(Alert alert);

        Optional<String> acknowledgedBy(Alert alert);

        /** The personal settings version the alert's latest finding was judged with, if any. */
        Optional<String> overrideVersion(Alert alert);
    }

    /**
     * Ranks the unresolved {@code alerts} by patient.
     *
     * @param myTeams the teams the signed-in user is a recipient of (for {@link Filters#MINE})
     */
    public static List<PatientRow> rank(List<Alert> alerts, Lookup lookup, Filters filters, Set<String> myTeams,
            Instant now) {
        Map<String, List<Alert>> byPatient = alerts.stream()
                .filter(a -> a.state() != AlertState.RESOLVED)
                .filter(a -> filters.minSeverity() == null || a.severity().compareTo(filters.minSeverity()) >= 0)
                .filter(a -> !filters.unacknowledged() || a.state() == AlertState.OPEN)
                .collect(Collectors.groupingBy(Alert::patientId, LinkedHashMap::new, Collectors.toList()));
        Function<String, String> team = lookup::teamOf;
        List<PatientRow> rows = new ArrayList<>();
        Map<String, Instant> oldest = new LinkedHashMap<>();
        for (Map.Entry<String, List<Alert>> entry : byPatient.entrySet()) {
            String patientTeam = team.apply(entry.getKey());
            if (!teamMatches(filters.team(), patientTeam, myTeams)) {
                continue;
            }
            List<AlertRow> alertRows = entry.getValue().stream()
                    .sorted(Comparator.comparing(Alert::severity).reversed().thenComparing(Alert::openedAt)
                            .thenComparing(Alert::alertId))
                    .map(a -> row(a, lookup, now)).toList();
            oldest.put(entry.getKey(), entry.getValue().stream().map(Alert::openedAt).min(Instant::compareTo)
                    .orElse(now));
            rows.add(new PatientRow(entry.getKey(), patientTeam, lookup.news2(entry.getKey()), alertRows));
        }
        rows.sort(Comparator.comparing(PatientRow::top).reversed()
                .thenComparing(Comparator.comparingInt((PatientRow r) -> r.news2().map(n -> n.active() ? n.levelRank()
                        : 0).orElse(0)).reversed())
                .thenComparing(r -> r.alerts().stream().noneMatch(AlertRow::open))
                .thenComparing(r -> oldest.get(r.patientId()))
                .thenComparing(PatientRow::patientId));
        return rows;
    }

    private static boolean teamMatches(String wanted, String patientTeam, Set<String> myTeams) {
        if (wanted.isEmpty()) {
            return true;
        }
        if (wanted.equals(Filters.MINE)) {
            return myTeams.contains(patientTeam);
        }
        return wanted.equals(patientTeam);
    }

    static AlertRow row(Alert alert, Lookup lookup, Instant now) {
        String triggering = lookup.triggering(alert).stream()
                .map(e -> Vitals.reading(e.vital(), e.value())).distinct()
                .collect(Collectors.joining(", "));
        String peak = alert.peakValue() == null ? "" : alert.peakValue().stripTrailingZeros().toPlainString();
        return new AlertRow(alert.alertId(), alert.ruleId(), alert.severity(), alert.state(),
                alert.summary() == null ? "" : alert.summary(), triggering, peak, alert.openedAt(),
                Ago.of(alert.openedAt(), now), lookup.acknowledgedBy(alert).orElse(""),
                lookup.overrideVersion(alert).orElse(""), alert.updatedAt());
    }
}
