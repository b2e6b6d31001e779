package org.rpmpipeline.alerts.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.rpmpipeline.alerts.lifecycle.AlertLifecycle;
import org.rpmpipeline.alerts.lifecycle.AlertRestorer;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.alerts.lifecycle.Transition;
import org.rpmpipeline.alerts.notify.DeliveryLog;
import org.rpmpipeline.alerts.notify.NotificationTimers;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * Each finding from {@code rpm.findings} goes through the {@link AlertLifecycle}; a change is published by
 * {@link AlertOutputs} (alert, audit, FHIR resources, notifications). A batch whose sends fail has its alert
 * changes rolled back in the store, so the retry sees the same state (and the notifications it delivered stay in
 * the {@link DeliveryLog}, so the retry does not deliver them again). On partition assignment the alerts of the
 * new partitions are restored from {@code rpm.alerts}.
 */
public final class FindingHandler implements RecordHandler<Finding> {
    /**
     * How long a resolved alert stays in memory (the HTTP API lists it, a restart restores it): as long as the
     * delivery log remembers its notifications ({@link DeliveryLog#HORIZON}). It stays on {@code rpm.alerts} for the
     * topic's retention, and its DetectedIssue on the FHIR server.
     */
    public static final Duration RESOLVED_KEPT = DeliveryLog.HORIZON;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private final AlertLifecycle lifecycle;
    private final AlertStore store;
    private final AlertOutputs outputs;
    private final AlertRestorer restorer;
    private final NotificationTimers timers;
    private final DeliveryLog deliveries;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Set<TopicPartition> owned = new HashSet<>();
    private Instant lastPrune;
    private int partitionCount;

    /**
     * @param restorer rebuilds alert state from {@code rpm.alerts} on partition assignment; {@code null} keeps
     *     state in memory only
     * @param timers snoozes and escalation progress, restored from {@code rpm.alert-timers} with the alerts
     * @param deliveries the notifications delivered, restored from {@code rpm.notification-deliveries} with the
     *     alerts (so findings read again do not notify again)
     */
    public FindingHandler(AlertLifecycle lifecycle, AlertStore store, AlertOutputs outputs, AlertRestorer restorer,
            NotificationTimers timers, DeliveryLog deliveries, Clock clock, MeterRegistry metrics) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.outputs = outputs;
        this.restorer = restorer;
        this.timers = timers;
        this.deliveries = deliveries;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Restores the alerts of newly assigned partitions from {@code rpm.alerts} before their findings run, and
     * before them the notifications delivered to their patients and their snoozes and escalation progress (so
     * neither a finding read again nor an escalation check sees a restored open alert without them).
     */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (restorer == null || partitions.isEmpty()) {
            return;
        }
        owned.addAll(partitions);
        int count = consumer.partitionsFor(Topics.FINDINGS.name()).size();
        partitionCount = count;
        if (deliveries != null) {
            try {
                deliveries.restore(restorer.restoreDeliveries(partitions, count,
                        clock.instant().minus(DeliveryLog.HORIZON)));
            } catch (RuntimeException e) {
                // as below: what this misses may be delivered again, never left undelivered
                metrics.counter("rpm.alerts.restore.failures").increment();
                Logger.error("restoring notification deliveries failed [partitions: {}, error: {}]",
                        partitions.size(), e.toString());
            }
        }
        if (timers != null) {
            try {
                timers.restore(restorer.restoreTimers(partitions, count));
            } catch (RuntimeException e) {
                // as below: a lost snooze or a repeated reminder, never a missed alert
                metrics.counter("rpm.alerts.restore.failures").increment();
                Logger.error("restoring snoozes and escalations failed [partitions: {}, error: {}]",
                        partitions.size(), e.toString());
            }
        }
        try {
            restorer.restore(store, partitions, count);
            // every record is read first: a resolution skipped for its age would leave the alert open
            store.pruneResolved(clock.instant().minus(RESOLVED_KEPT));
        } catch (RuntimeException e) {
            // carrying on errs towards a repeated notification, never towards a missed alert
            metrics.counter("rpm.alerts.restore.failures").increment();
            Logger.error("restoring alerts failed, continuing with partial state [partitions: {}, error: {}]",
                    partitions.size(), e.toString());
        }
    }

    /** Forgets the alerts of partitions another instance now owns. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        if (restorer != null && partitionCount > 0) {
            store.retainPatients(AlertRestorer.owns(owned, partitionCount));
            if (timers != null) {
                timers.retainPatients(AlertRestorer.owns(owned, partitionCount));
            }
            if (deliveries != null) {
                deliveries.retainPatients(AlertRestorer.owns(owned, partitionCount));
            }
        }
    }

    @Override
    public void onBatchStart() {
        pruneResolved();
        store.beginBatch();
    }

    @Override
    public void onIdle() {
        pruneResolved();
    }

    /** At most once per {@link #PRUNE_EVERY}: drops alerts resolved more than {@link #RESOLVED_KEPT} ago. */
    private void pruneResolved() {
        Instant now = clock.instant();
        if (lastPrune != null && now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
            return;
        }
        lastPrune = now;
        int pruned = store.pruneResolved(now.minus(RESOLVED_KEPT));
        if (pruned > 0) {
            Logger.debug("resolved alerts dropped from memory [count: {}]", pruned);
        }
    }

    @Override
    public void onBatchFailed() {
        store.rollBackBatch();
    }

    @Override
    public List<Future<?>> handle(String key, Finding finding, Headers headers) {
        Optional<Transition> change = lifecycle.apply(finding);
        if (change.isEmpty()) {
            metrics.counter("rpm.alerts.findings", "outcome", "unchanged").increment();
            return List.of();
        }
        Transition transition = change.get();
        metrics.counter("rpm.alerts.findings", "outcome", transition.kind().name().toLowerCase(Locale.ROOT))
                .increment();
        Logger.debug("alert {} [alert: {}, finding: {}, rule: {}]", transition.kind(), transition.alert().alertId(),
                finding.findingId(), finding.ruleId());
        Map<String, String> out = new HashMap<>();
        ReadingHandler.copy(headers, HeaderNames.CORRELATION_ID, out);
        return outputs.publish(transition, finding, out);
    }
}
