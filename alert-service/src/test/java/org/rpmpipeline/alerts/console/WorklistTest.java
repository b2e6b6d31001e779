package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;

class WorklistTest {
    private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");

    private final Map<String, String> teams = Map.of("p-a", "north", "p-b", "south", "p-c", "north", "p-d", "south");
    private final Map<String, News2View> news2 = Map.of(
            "p-a", news2("URGENT", 6), "p-b", news2("EMERGENCY", 8), "p-c", news2("NONE", 2));

    private final Worklist.Lookup lookup = new Worklist.Lookup() {
        @Override
        public String teamOf(String patientId) {
            return teams.getOrDefault(patientId, "north");
        }

        @Override
        public Optional<News2View> news2(String patientId) {
            return Optional.ofNullable(news2.get(patientId));
        }

        @Override
        public List<Evidence> triggering(Alert alert) {
            return List.of(new Evidence("r-1", VitalType.SPO2, new BigDecimal("86"), "%", NOW));
        }

        @Override
        public Optional<String> acknowledgedBy(Alert alert) {
            return alert.state() == AlertState.ACKNOWLEDGED ? Optional.of("nurse-a") : Optional.empty();
        }

        @Override
        public Optional<String> overrideVersion(Alert alert) {
            return Optional.empty();
        }
    };

    @Test
    void patientsRankBySeverityThenNews2LevelThenWaitingForAcknowledgementThenAge() {
        List<Alert> alerts = List.of(
                alert("a1", "p-a", Severity.HIGH, AlertState.OPEN, 10),
                alert("b1", "p-b", Severity.HIGH, AlertState.OPEN, 5),
                alert("c1", "p-c", Severity.CRITICAL, AlertState.ACKNOWLEDGED, 1),
                alert("d1", "p-d", Severity.HIGH, AlertState.ACKNOWLEDGED, 60),
                alert("e1", "p-e", Severity.HIGH, AlertState.OPEN, 30),
                alert("f1", "p-f", Severity.HIGH, AlertState.OPEN, 90),
                alert("x1", "p-x", Severity.LOW, AlertState.RESOLVED, 500));
        List<Worklist.PatientRow> rows = Worklist.rank(alerts, lookup, Worklist.Filters.none(), Set.of(), NOW);
        // critical first; among the highs: NEWS2 emergency, then urgent, then open before acknowledged, then oldest
        assertThat(rows).extracting(Worklist.PatientRow::patientId)
                .containsExactly("p-c", "p-b", "p-a", "p-f", "p-e", "p-d");
    }

    @Test
    void alertsOfAPatientAreOrderedBySeverityThenAge_andCarryWhatTheWorklistShows() {
        List<Alert> alerts = List.of(alert("a1", "p-a", Severity.MODERATE, AlertState.OPEN, 50),
                alert("a2", "p-a", Severity.CRITICAL, AlertState.ACKNOWLEDGED, 3),
                alert("a3", "p-a", Severity.MODERATE, AlertState.OPEN, 70));
        Worklist.PatientRow row = Worklist.rank(alerts, lookup, Worklist.Filters.none(), Set.of(), NOW).get(0);
        assertThat(row.alerts()).extracting(Worklist.AlertRow::alertId).containsExactly("a2", "a3", "a1");
        Worklist.AlertRow critical = row.alerts().get(0);
        assertThat(critical.triggering()).isEqualTo("SpO₂ 86 %");
        assertThat(critical.waiting()).isEqualTo("3 min");
        assertThat(critical.acknowledgedBy()).isEqualTo("nurse-a");
        assertThat(row.top()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void filtersNarrowBySeverityUnacknowledgedAndTeam() {
        List<Alert> alerts = List.of(alert("a1", "p-a", Severity.MODERATE, AlertState.OPEN, 5),
                alert("b1", "p-b", Severity.HIGH, AlertState.ACKNOWLEDGED, 5),
                alert("c1", "p-c", Severity.CRITICAL, AlertState.OPEN, 5));
        assertThat(ids(alerts, Worklist.Filters.parse("", "high", null), Set.of())).containsExactly("p-c", "p-b");
        assertThat(ids(alerts, Worklist.Filters.parse("", "", "true"), Set.of())).containsExactly("p-c", "p-a");
        assertThat(ids(alerts, Worklist.Filters.parse("south", null, null), Set.of())).containsExactly("p-b");
        assertThat(ids(alerts, Worklist.Filters.parse("mine", null, null), Set.of("north")))
                .containsExactly("p-c", "p-a");
        assertThat(ids(alerts, Worklist.Filters.parse("mine", null, null), Set.of())).isEmpty();
        assertThat(Worklist.Filters.parse("a b", "bogus", "true").query()).isEqualTo("team=a+b&unacknowledged=true");
    }

    private List<String> ids(List<Alert> alerts, Worklist.Filters filters, Set<String> mine) {
        return Worklist.rank(alerts, lookup, filters, mine, NOW).stream().map(Worklist.PatientRow::patientId).toList();
    }

    private static Alert alert(String id, String patient, Severity severity, AlertState state, int minutesAgo) {
        Instant opened = NOW.minusSeconds(60L * minutesAgo);
        return new Alert(Schema.VERSION, id, patient, "rule-" + id, severity, state, List.of("f-" + id),
                BigDecimal.ONE, "summary " + id, opened, opened, "system");
    }

    private static News2View news2(String trigger, int aggregate) {
        Finding finding = new Finding(Schema.VERSION, "f", "news2", 1, Severity.HIGH, FindingStatus.ACTIVE, "p-a",
                List.of(), NOW, NOW, List.of(), BigDecimal.valueOf(aggregate), "s", NOW, false,
                Map.of("trigger", trigger, "measured", "spo2,heart-rate", "score.spo2", "3", "score.heart-rate", "0",
                        "missing", "consciousness", "lowerBound", "true", "parameters", "2 of 7",
                        "age.spo2", "PT12M"));
        return News2View.of(finding);
    }

    @Test
    void news2ViewReadsTheFindingsDetails() {
        News2View view = news2("URGENT", 6);
        assertThat(view.level()).isEqualTo("urgent response");
        assertThat(view.levelRank()).isEqualTo(3);
        assertThat(view.lowerBound()).isTrue();
        assertThat(view.subScores()).extracting(News2View.SubScore::parameter, News2View.SubScore::score,
                News2View.SubScore::age).containsExactly(org.assertj.core.groups.Tuple.tuple("SpO₂", "3", "12 min old"),
                org.assertj.core.groups.Tuple.tuple("Pulse", "0", ""));
        assertThat(view.missing()).containsExactly("Consciousness");
    }
}
