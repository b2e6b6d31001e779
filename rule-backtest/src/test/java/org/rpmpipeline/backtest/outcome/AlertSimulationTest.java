package org.rpmpipeline.backtest.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.AlertTimer;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;

class AlertSimulationTest {
    private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");
    private static final Window WINDOW = new Window(DAY, DAY.plus(Duration.ofDays(1)), Duration.ofHours(6));

    private static Instant at(String time) {
        return Instant.parse("2026-11-01T" + time + ":00Z");
    }

    private static Finding finding(String patient, String time, FindingStatus status, Severity severity,
            String episodeStart) {
        Instant t = at(time);
        return new Finding(Schema.VERSION, Finding.idFor("spo2-low", patient, t, status), "spo2-low", 1, severity,
                status, patient, List.of("ox-1"), t, t, List.of(), new BigDecimal(90), "low", t, false,
                Map.of("episodeStart", at(episodeStart).toString()));
    }

    @Test
    void appliesTheLifecycleAndTheSnoozesInForceAtEachFindingsTime() {
        AlertTimer snooze = AlertTimer.snooze("pat-1", "spo2-low", "alert-x", at("11:00"), at("10:00"), "nurse-1");
        AlertSimulation simulation = new AlertSimulation(WINDOW, CareTeams.single("care-team"), List.of(snooze));

        // another patient's later finding first: the snooze must still be judged at each finding's own time
        simulation.accept(finding("pat-2", "12:00", FindingStatus.ACTIVE, Severity.HIGH, "11:58"));
        simulation.accept(finding("pat-1", "09:00", FindingStatus.ACTIVE, Severity.HIGH, "08:55"));
        simulation.accept(finding("pat-1", "09:05", FindingStatus.ACTIVE, Severity.HIGH, "08:55"));
        simulation.accept(finding("pat-1", "09:30", FindingStatus.RESOLVED, Severity.HIGH, "08:55"));
        simulation.accept(finding("pat-1", "10:30", FindingStatus.ACTIVE, Severity.HIGH, "10:30"));
        simulation.accept(finding("pat-1", "10:45", FindingStatus.ACTIVE, Severity.CRITICAL, "10:30"));

        Tally.PerRule tally = simulation.tally().rule("spo2-low");
        assertThat(simulation.alerts()).extracting(SimulatedAlert::patientId).containsExactly("pat-2", "pat-1",
                "pat-1");
        // pat-2 and pat-1's first alert notified; the 10:30 opening held by the snooze; critical always notifies
        assertThat(tally.notifications()).isEqualTo(3);
        assertThat(tally.held()).isEqualTo(1);
        assertThat(tally.findings()).isEqualTo(6);
        SimulatedAlert first = simulation.alerts().get(1);
        assertThat(first.episodeStart()).isEqualTo(at("08:55"));
        assertThat(first.openedAt()).isEqualTo(at("09:00"));
        assertThat(first.resolvedAt()).isEqualTo(at("09:30"));
        assertThat(simulation.alerts().get(2).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(simulation.alerts().get(2).resolvedAt()).isNull();
    }

    @Test
    void theWarmUpBuildsStateButIsNotCounted() {
        AlertSimulation simulation = new AlertSimulation(WINDOW, CareTeams.single("care-team"), List.of());
        Instant before = DAY.minus(Duration.ofHours(1));
        Finding warmUp = new Finding(Schema.VERSION, Finding.idFor("spo2-low", "pat-1", before, FindingStatus.ACTIVE),
                "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-1", List.of(), before, before, List.of(),
                null, "low", before, false, Map.of());

        simulation.accept(warmUp);
        simulation.accept(finding("pat-1", "01:00", FindingStatus.ACTIVE, Severity.HIGH, "01:00"));

        // the window's finding merges into the alert the warm-up opened: no new alert, nothing notified
        assertThat(simulation.alerts()).singleElement().satisfies(a -> assertThat(a.openedAt()).isEqualTo(before));
        assertThat(simulation.tally().rule("spo2-low").findings()).isEqualTo(1);
        assertThat(simulation.tally().rule("spo2-low").notifications()).isZero();
    }
}
