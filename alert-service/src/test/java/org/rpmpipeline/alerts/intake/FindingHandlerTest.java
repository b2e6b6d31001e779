package org.rpmpipeline.alerts.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.AlertEvidence;
import org.rpmpipeline.alerts.lifecycle.AlertLifecycle;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.alerts.lifecycle.Findings;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.alerts.notify.DeliveryLog;
import org.rpmpipeline.alerts.notify.NotificationPolicy;
import org.rpmpipeline.alerts.notify.Notifier;
import org.rpmpipeline.alerts.notify.Snoozes;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.embedded.MutableClock;

/** What the findings loop's handler keeps in memory across batches: rolled-back batches and resolved alerts. */
class FindingHandlerTest {
    private static final Instant T0 = Instant.parse("2026-03-15T08:30:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AlertStore store = new AlertStore();
    private final AlertLifecycle lifecycle = new AlertLifecycle(store, clock);
    private final DeliveryLog deliveries = new DeliveryLog(n -> CompletableFuture.completedFuture(null), clock);
    private final FindingHandler handler = new FindingHandler(lifecycle, store, new AlertOutputs(
            TestPublishers.over(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer())),
            new Notifier(List.of(), new NotificationPolicy(CareTeams.single("nurse-desk"), new Snoozes()), deliveries,
                    clock, metrics), new AlertEvidence(), clock), null, null, null, clock, metrics);

    @Test
    void aFailedBatch_leavesTheStoreAsBefore_andItsRetryOpensTheAlertAgain() {
        Finding finding = Findings.active("pat-1", "spo2-low", Severity.HIGH, "88", T0);

        handler.onBatchStart();
        handle(finding);
        handler.onBatchFailed();
        assertThat(store.size()).isZero();

        handler.onBatchStart();
        handle(finding);
        assertThat(store.list(a -> true)).singleElement().extracting(Alert::state).isEqualTo(AlertState.OPEN);
    }

    @Test
    void resolvedAlerts_leaveMemoryAfterTheDeliveryHorizon_openOnesStay() {
        handler.onBatchStart();
        handle(Findings.active("pat-1", "spo2-low", Severity.HIGH, "88", T0));
        handle(Findings.active("pat-2", "spo2-low", Severity.HIGH, "87", T0));
        handle(Findings.resolved("pat-1", "spo2-low", T0.plusSeconds(60)));
        assertThat(store.size()).isEqualTo(2);

        clock.advance(FindingHandler.RESOLVED_KEPT.minus(Duration.ofMinutes(5)));
        handler.onIdle();
        assertThat(store.size()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(10));
        handler.onIdle();
        assertThat(store.list(a -> true)).singleElement().satisfies(a -> {
            assertThat(a.patientId()).isEqualTo("pat-2");
            assertThat(a.state()).isEqualTo(AlertState.OPEN);
        });
    }

    private void handle(Finding finding) {
        handler.handle(finding.patientId(), finding, new RecordHeaders());
    }
}
