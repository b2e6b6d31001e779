package org.rpmpipeline.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.lifecycle.AlertLifecycle;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.alerts.lifecycle.Findings;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.embedded.MutableClock;

class EscalatorTest {
    private static final Instant T0 = Instant.parse("2026-03-15T08:30:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final AlertStore store = new AlertStore();
    private final AlertLifecycle lifecycle = new AlertLifecycle(store, clock);
    private final CareTeams teams = new CareTeams(Map.of("t", new CareTeams.Team(List.of(
            new CareTeams.Tier(List.of("nurse"), null), new CareTeams.Tier(List.of("physician"), null),
            new CareTeams.Tier(List.of("consultant"), null)), null)), null, "t");
    private final Escalator escalator = new Escalator(store, new NotificationPolicy(teams, new Snoozes()),
            Duration.ofMinutes(10), Duration.ofMinutes(15));

    @Test
    void remindsThenEscalatesTierByTierOnTheClock() {
        Alert alert = open();

        assertThat(escalator.due(clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(escalator.due(clock.instant())).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(runDue()).containsExactly("REMINDER/0");
        assertThat(escalator.due(clock.instant())).isEmpty();

        clock.advance(Duration.ofMinutes(15));
        assertThat(runDue()).containsExactly("ESCALATED/1");
        clock.advance(Duration.ofMinutes(15));
        assertThat(runDue()).containsExactly("ESCALATED/2");
        clock.advance(Duration.ofHours(5));
        assertThat(escalator.due(clock.instant())).as("no tier after the last").isEmpty();
        assertThat(alert.alertId()).isNotBlank();
    }

    @Test
    void acknowledgementCancelsPendingEscalation() {
        Alert alert = open();
        clock.advance(Duration.ofMinutes(10));
        assertThat(runDue()).containsExactly("REMINDER/0");

        lifecycle.acknowledge(alert.alertId(), "nurse-1");
        clock.advance(Duration.ofHours(1));

        assertThat(escalator.due(clock.instant())).isEmpty();
    }

    @Test
    void stepNotMarkedDoneIsOfferedAgain() {
        open();
        clock.advance(Duration.ofMinutes(10));

        assertThat(escalator.due(clock.instant())).hasSize(1);
        assertThat(escalator.due(clock.instant())).hasSize(1);
    }

    @Test
    void restoredProgressNeitherRepeatsNorSkipsSteps() {
        Alert alert = open();
        escalator.restore(alert.alertId(), alert.patientId(), 1);
        clock.advance(Duration.ofMinutes(10 + 15 + 15));

        assertThat(runDue()).as("the reminder was done before the restart; one step per check")
                .containsExactly("ESCALATED/1");
        assertThat(runDue()).containsExactly("ESCALATED/2");
        assertThat(escalator.stepsDone(alert.alertId())).isEqualTo(3);
    }

    @Test
    void endedEscalationIsReportedOnceForItsRecordToBeDeleted() {
        Alert alert = open();
        clock.advance(Duration.ofMinutes(10));
        runDue();
        lifecycle.resolve(alert.alertId(), "nurse-1");

        assertThat(escalator.due(clock.instant())).isEmpty();
        assertThat(escalator.drainEnded()).containsExactly(alert.alertId());
        assertThat(escalator.drainEnded()).isEmpty();
        assertThat(escalator.stepsDone(alert.alertId())).isZero();
    }

    @Test
    void progressOfAlertsNotYetRestoredIsKeptUntilThePatientIsNoLongerOwned() {
        escalator.restore("alert-elsewhere", "pat-9", 2);

        assertThat(escalator.due(clock.instant())).isEmpty();
        assertThat(escalator.stepsDone("alert-elsewhere")).isEqualTo(2);
        escalator.retainPatients(patient -> !patient.equals("pat-9"));
        assertThat(escalator.stepsDone("alert-elsewhere")).isZero();
    }

    private Alert open() {
        return lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0)).orElseThrow().alert();
    }

    private List<String> runDue() {
        List<Escalator.Step> steps = escalator.due(clock.instant());
        steps.forEach(escalator::done);
        return steps.stream().map(s -> s.reason() + "/" + s.tier()).toList();
    }
}
