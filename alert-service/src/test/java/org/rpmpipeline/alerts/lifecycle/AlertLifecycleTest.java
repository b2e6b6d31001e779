package org.rpmpipeline.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.MutableClock;

class AlertLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-03-15T08:30:00Z");
    private final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    private final AlertStore store = new AlertStore();
    private final AlertLifecycle lifecycle = new AlertLifecycle(store, clock);

    @Test
    void firstActiveFindingOpensANotifyingAlert() {
        Finding finding = Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0);

        Transition t = lifecycle.apply(finding).orElseThrow();

        assertThat(t.kind()).isEqualTo(Transition.Kind.OPENED);
        assertThat(t.notifies()).isTrue();
        Alert alert = t.alert();
        assertThat(alert.state()).isEqualTo(AlertState.OPEN);
        assertThat(alert.findingIds()).containsExactly(finding.findingId());
        assertThat(alert.peakValue()).isEqualByComparingTo("89");
        assertThat(alert.openedAt()).isEqualTo(clock.instant());
        assertThat(alert.actor()).isEqualTo(AlertLifecycle.SYSTEM_ACTOR);
        assertThat(store.unresolved(new AlertKey("pat-1", "spo2-low"))).contains(alert);
    }

    @Test
    void secondFindingForSamePatientAndRuleUpdatesWithoutNotifying() {
        Alert opened = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0))
                .orElseThrow().alert();
        clock.advance(Duration.ofMinutes(1));
        Finding second = Findings.active("pat-1", "spo2-low", Severity.HIGH, "87", T0.plusSeconds(60));

        Transition t = lifecycle.apply(second).orElseThrow();

        assertThat(t.kind()).isEqualTo(Transition.Kind.UPDATED);
        assertThat(t.notifies()).isFalse();
        assertThat(t.alert().alertId()).isEqualTo(opened.alertId());
        assertThat(t.alert().findingIds()).hasSize(2).endsWith(second.findingId());
        assertThat(t.alert().peakValue()).isEqualByComparingTo("87");
        assertThat(t.alert().openedAt()).isEqualTo(opened.openedAt());
        assertThat(t.alert().updatedAt()).isEqualTo(clock.instant());
        assertThat(store.list(a -> true)).hasSize(1);
    }

    @Test
    void peakKeepsTheMostExtremeValueInTheRulesDirection() {
        lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "85", T0));
        Alert afterMilder = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89",
                T0.plusSeconds(60))).orElseThrow().alert();
        assertThat(afterMilder.peakValue()).isEqualByComparingTo("85");

        lifecycle.apply(Findings.active("pat-2", "hr-high", Severity.HIGH, "120", T0));
        Alert afterHigher = lifecycle.apply(Findings.active("pat-2", "hr-high", Severity.HIGH, "131",
                T0.plusSeconds(60))).orElseThrow().alert();
        assertThat(afterHigher.peakValue()).isEqualByComparingTo("131");
    }

    @Test
    void directionDetailOverridesTheRuleName() {
        Map<String, String> low = Map.of("direction", "low");
        lifecycle.apply(Findings.finding("pat-1", "heart-rate", Severity.HIGH, FindingStatus.ACTIVE, "45", T0, false,
                low));
        Alert alert = lifecycle.apply(Findings.finding("pat-1", "heart-rate", Severity.HIGH, FindingStatus.ACTIVE,
                "39", T0.plusSeconds(60), false, low)).orElseThrow().alert();

        assertThat(alert.peakValue()).isEqualByComparingTo("39");
    }

    @Test
    void redeliveredFindingChangesNothing() {
        Finding finding = Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0);
        lifecycle.apply(finding);

        assertThat(lifecycle.apply(finding)).isEmpty();
        assertThat(store.list(a -> true)).singleElement().satisfies(a -> assertThat(a.findingIds()).hasSize(1));
    }

    @Test
    void higherSeverityRaisesTheAlertAndNotifiesAgain() {
        lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "91", T0));

        Transition t = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.CRITICAL, "84",
                T0.plusSeconds(60))).orElseThrow();

        assertThat(t.kind()).isEqualTo(Transition.Kind.SEVERITY_RAISED);
        assertThat(t.notifies()).isTrue();
        assertThat(t.alert().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void lowerSeverityKeepsTheAlertSeverity() {
        lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.CRITICAL, "84", T0));

        Transition t = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "90",
                T0.plusSeconds(60))).orElseThrow();

        assertThat(t.kind()).isEqualTo(Transition.Kind.UPDATED);
        assertThat(t.alert().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aRestatedCurrentScoreReplacesTheSummaryAtAnySeverityButNotifiesOnlyWhenItRises() {
        Finding urgent = news2(Severity.HIGH, "5", T0);
        lifecycle.apply(urgent);

        Transition sameLevel = lifecycle.apply(news2(Severity.HIGH, "6", T0.plusSeconds(60))).orElseThrow();
        assertThat(sameLevel.kind()).isEqualTo(Transition.Kind.UPDATED);
        assertThat(sameLevel.notifies()).isFalse();
        assertThat(sameLevel.alert().summary()).isEqualTo("NEWS2 aggregate 6");

        Transition lower = lifecycle.apply(news2(Severity.MODERATE, "3", T0.plusSeconds(120))).orElseThrow();
        assertThat(lower.notifies()).isFalse();
        assertThat(lower.alert().severity()).isEqualTo(Severity.HIGH);
        assertThat(lower.alert().summary()).isEqualTo("NEWS2 aggregate 3");
        assertThat(lower.alert().peakValue()).isEqualByComparingTo("6");

        Transition backToUrgent = lifecycle.apply(news2(Severity.HIGH, "5", T0.plusSeconds(180))).orElseThrow();
        assertThat(backToUrgent.notifies()).as("already notified at this level").isFalse();
        Transition emergency = lifecycle.apply(news2(Severity.CRITICAL, "7", T0.plusSeconds(240))).orElseThrow();
        assertThat(emergency.kind()).isEqualTo(Transition.Kind.SEVERITY_RAISED);
        assertThat(emergency.alert().summary()).isEqualTo("NEWS2 aggregate 7");
        assertThat(emergency.alert().findingIds()).hasSize(5);
    }

    @Test
    void anOrdinaryFindingAtTheSameSeverityKeepsTheSummary() {
        lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0));
        Finding outOfOrder = Findings.finding("pat-1", "spo2-low", Severity.HIGH, FindingStatus.ACTIVE, "91",
                T0.minusSeconds(60), true, Map.of("outOfOrder", "true"));

        Transition t = lifecycle.apply(new Finding(outOfOrder.schemaVersion(), outOfOrder.findingId(),
                outOfOrder.ruleId(), 1, outOfOrder.severity(), outOfOrder.status(), outOfOrder.patientId(),
                outOfOrder.deviceIds(), outOfOrder.windowStart(), outOfOrder.windowEnd(), outOfOrder.evidence(),
                outOfOrder.computedValue(), "an older reading", outOfOrder.detectedAt(), true,
                outOfOrder.details())).orElseThrow();

        assertThat(t.alert().summary()).isEqualTo("SpO2 below 92 %");
    }

    private static Finding news2(Severity severity, String aggregate, Instant at) {
        Finding f = Findings.finding("pat-1", "news2", severity, FindingStatus.ACTIVE, aggregate, at, false,
                Map.of(Finding.CURRENT, "true"));
        return new Finding(f.schemaVersion(), f.findingId(), f.ruleId(), f.ruleVersion(), f.severity(), f.status(),
                f.patientId(), f.deviceIds(), f.windowStart(), f.windowEnd(), f.evidence(), f.computedValue(),
                "NEWS2 aggregate " + aggregate, f.detectedAt(), f.late(), f.details()).withContentId();
    }

    @Test
    void resolvedFindingResolvesTheOpenAlertWithoutNotifying() {
        Alert opened = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0))
                .orElseThrow().alert();
        clock.advance(Duration.ofMinutes(10));

        Transition t = lifecycle.apply(Findings.resolved("pat-1", "spo2-low", T0.plusSeconds(600))).orElseThrow();

        assertThat(t.kind()).isEqualTo(Transition.Kind.RESOLVED);
        assertThat(t.notifies()).isFalse();
        assertThat(t.alert().alertId()).isEqualTo(opened.alertId());
        assertThat(t.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(t.alert().updatedAt()).isEqualTo(clock.instant());
        assertThat(store.unresolved(new AlertKey("pat-1", "spo2-low"))).isEmpty();
    }

    @Test
    void resolvedFindingWithoutAnOpenAlertIsIgnored() {
        assertThat(lifecycle.apply(Findings.resolved("pat-1", "spo2-low", T0))).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void findingAfterResolutionOpensAFreshAlert() {
        Alert first = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0))
                .orElseThrow().alert();
        lifecycle.apply(Findings.resolved("pat-1", "spo2-low", T0.plusSeconds(600)));

        Transition again = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "88",
                T0.plusSeconds(3600))).orElseThrow();

        assertThat(again.kind()).isEqualTo(Transition.Kind.OPENED);
        assertThat(again.alert().alertId()).isNotEqualTo(first.alertId());
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void differentRulesAndPatientsGetSeparateAlerts() {
        lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0));
        lifecycle.apply(Findings.active("pat-1", "hr-high", Severity.HIGH, "130", T0));
        Optional<Transition> other = lifecycle.apply(Findings.active("pat-2", "spo2-low", Severity.HIGH, "89", T0));

        assertThat(other).map(Transition::kind).contains(Transition.Kind.OPENED);
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void lateCriticalFindingIsCappedAtHigh() {
        Finding late = Findings.finding("pat-1", "spo2-low", Severity.CRITICAL, FindingStatus.ACTIVE, "80", T0, true,
                Map.of());

        assertThat(lifecycle.apply(late).orElseThrow().alert().severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void concurrentFindingsForOnePatientAndRuleOpenExactlyOneAlert() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Transition>>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Finding finding = Findings.active("pat-1", "spo2-low", Severity.HIGH, Integer.toString(80 + i % 10),
                    T0.plusMillis(i));
            results.add(pool.submit(() -> {
                go.await();
                return lifecycle.apply(finding);
            }));
        }
        go.countDown();
        List<Transition.Kind> kinds = new ArrayList<>();
        for (Future<Optional<Transition>> result : results) {
            result.get().ifPresent(t -> kinds.add(t.kind()));
        }
        pool.shutdown();

        assertThat(kinds).filteredOn(k -> k == Transition.Kind.OPENED).hasSize(1);
        assertThat(kinds).filteredOn(k -> k == Transition.Kind.UPDATED).hasSize(199);
        assertThat(store.list(a -> true)).singleElement().satisfies(a -> {
            assertThat(a.findingIds()).hasSize(Alert.MAX_FINDING_IDS);
            assertThat(a.peakValue()).isEqualByComparingTo("80");
        });
    }

    @Test
    void anAlertKeepsItsFirstAndLatestFindingIds_soItsRecordStaysBounded() throws Exception {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            findings.add(Findings.active("pat-1", "spo2-low", Severity.HIGH, Integer.toString(85 + i % 5),
                    T0.plusSeconds(i)));
        }
        findings.forEach(lifecycle::apply);

        Alert alert = store.list(a -> true).get(0);
        assertThat(alert.findingIds()).hasSize(Alert.MAX_FINDING_IDS);
        assertThat(alert.findingIds().get(0)).isEqualTo(findings.get(0).findingId());
        assertThat(alert.findingIds().subList(1, Alert.MAX_FINDING_IDS)).containsExactlyElementsOf(findings
                .subList(1_000 - (Alert.MAX_FINDING_IDS - 1), 1_000).stream().map(Finding::findingId).toList());
        assertThat(Topics.ALERTS.valueSerde().serializer().serialize(Topics.ALERTS.name(), alert)).hasSizeLessThan(
                8 * 1024);
        assertThat(lifecycle.apply(findings.get(999))).isEmpty();
        assertThat(lifecycle.apply(findings.get(0))).isEmpty();
        Transition replayed = lifecycle.apply(findings.get(500)).orElseThrow();
        assertThat(replayed.kind()).isEqualTo(Transition.Kind.UPDATED);
        assertThat(replayed.notifies()).isFalse();
        assertThat(replayed.alert().peakValue()).isEqualByComparingTo("85");
    }

    @Test
    void rollingBackABatch_undoesItsChangesOnly() throws Exception {
        Alert before = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0)).orElseThrow()
                .alert();
        Alert elsewhere = lifecycle.apply(Findings.active("pat-2", "spo2-low", Severity.HIGH, "88", T0))
                .orElseThrow().alert();

        store.beginBatch();
        lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.CRITICAL, "84", T0.plusSeconds(60)));
        lifecycle.apply(Findings.active("pat-3", "spo2-low", Severity.HIGH, "89", T0.plusSeconds(60)));
        Thread clinician = new Thread(() -> lifecycle.acknowledge(elsewhere.alertId(), "nurse-1"));
        clinician.start();
        clinician.join();
        store.rollBackBatch();

        assertThat(store.get(before.alertId())).contains(before);
        assertThat(store.unresolved(new AlertKey("pat-3", "spo2-low"))).isEmpty();
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get(elsewhere.alertId())).map(Alert::state).contains(AlertState.ACKNOWLEDGED);
        assertThat(lifecycle.apply(Findings.active("pat-3", "spo2-low", Severity.HIGH, "89", T0.plusSeconds(60))))
                .map(Transition::kind).contains(Transition.Kind.OPENED);
    }

    @Test
    void rollingBackABatch_reopensTheAlertItResolved_andForgetsTheOneItOpenedInstead() {
        Alert open = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0)).orElseThrow()
                .alert();

        store.beginBatch();
        lifecycle.resolve(open.alertId(), "nurse-1");
        Alert next = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "88", T0.plusSeconds(600)))
                .orElseThrow().alert();
        store.rollBackBatch();

        assertThat(next.alertId()).isNotEqualTo(open.alertId());
        assertThat(store.unresolved(new AlertKey("pat-1", "spo2-low"))).contains(open);
        assertThat(store.get(next.alertId())).isEmpty();
    }

    @Test
    void aNewBatch_endsTheOneBefore() {
        store.beginBatch();
        Alert kept = lifecycle.apply(Findings.active("pat-1", "spo2-low", Severity.HIGH, "89", T0)).orElseThrow()
                .alert();
        store.beginBatch();
        store.rollBackBatch();

        assertThat(store.get(kept.alertId())).contains(kept);
    }
}
