package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.AuditEvent;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.PatientThresholds;

class ConsoleStateTest {
    private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
    private final ConsoleState state = new ConsoleState(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anOlderStateOfAnAlertNeverReplacesANewerOne_andEveryChangeMovesTheVersion() {
        long before = state.version();
        state.apply(alert(AlertState.ACKNOWLEDGED, NOW, "nurse-a"));
        state.apply(alert(AlertState.OPEN, NOW.minusSeconds(5), "system"));
        assertThat(state.alert("a-1")).hasValueSatisfying(a -> assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED));
        assertThat(state.version()).isEqualTo(before + 1);
        state.apply(alert(AlertState.ACKNOWLEDGED, NOW, "nurse-a"));
        assertThat(state.version()).as("the same state again is no change").isEqualTo(before + 1);
    }

    @Test
    void historyKeepsChangesAndNotesInOrder_leavesReadsOut_andIgnoresRepeats() {
        state.applyAudit(audit("e-2", NOW, "nurse-a", "alert.acknowledged", null));
        state.applyAudit(audit("e-1", NOW.minusSeconds(60), "system", "alert.opened", null));
        state.applyAudit(audit("e-3", NOW.plusSeconds(1), "nurse-a", "alert.read", "list"));
        state.applyAudit(audit("e-4", NOW.plusSeconds(2), "nurse-b", "alert.note", "called"));
        state.applyAudit(audit("e-4", NOW.plusSeconds(2), "nurse-b", "alert.note", "called"));
        assertThat(state.history("a-1")).extracting(HistoryEntry::eventId).containsExactly("e-1", "e-2", "e-4");
        // a later merge makes the alert's actor "system" again: who acknowledged it comes from its history
        Alert merged = alert(AlertState.ACKNOWLEDGED, NOW.plusSeconds(3), "system");
        assertThat(state.acknowledgedBy(merged)).contains("nurse-a");
        for (int i = 0; i < ConsoleState.MAX_HISTORY_PER_ALERT + 10; i++) {
            state.applyAudit(audit("n-" + i, NOW.plusSeconds(10 + i), "nurse-b", "alert.note", "n" + i));
        }
        assertThat(state.history("a-1")).hasSize(ConsoleState.MAX_HISTORY_PER_ALERT);
    }

    @Test
    void settingsVersionsAreKeptNewestFirst_theOneInForceDependsOnTime_andATombstoneClearsThem() {
        state.applySettings("p-1", settings(1, NOW.minus(Duration.ofDays(1))));
        state.applySettings("p-1", settings(2, NOW.plus(Duration.ofHours(1))));
        assertThat(state.settings("p-1")).extracting(PatientThresholds::version).containsExactly(2, 1);
        assertThat(state.settingsInForce("p-1", NOW)).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
        assertThat(state.settingsInForce("p-1", NOW.plus(Duration.ofHours(2))))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
        state.applySettings("p-1", null);
        assertThat(state.settings("p-1")).isEmpty();
    }

    @Test
    void resolvedAlertsAreDroppedADayAfterTheirLastChange() {
        state.apply(new Alert(Schema.VERSION, "old", "p-1", "r", Severity.LOW, AlertState.RESOLVED, List.of(),
                null, "s", NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofHours(25)), "system"));
        state.apply(new Alert(Schema.VERSION, "recent", "p-1", "r2", Severity.LOW, AlertState.RESOLVED, List.of(),
                null, "s", NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofHours(2)), "system"));
        state.pruneResolved();
        assertThat(state.alertsOf("p-1")).extracting(Alert::alertId).containsExactly("recent");
        assertThat(state.unresolved()).isEmpty();
    }

    private static Alert alert(AlertState s, Instant updated, String actor) {
        return new Alert(Schema.VERSION, "a-1", "p-1", "spo2-low", Severity.HIGH, s, List.of("f-1"),
                new BigDecimal("88"), "low", NOW.minusSeconds(60), updated, actor);
    }

    private static AuditEvent audit(String id, Instant at, String actor, String action, String detail) {
        return new AuditEvent(Schema.VERSION, id, at, actor, action, "alert", "a-1", detail);
    }

    private static PatientThresholds settings(int version, Instant from) {
        return new PatientThresholds(Schema.VERSION, "p-1", version, from, 2, null, "dr-x", "copd", null);
    }
}
