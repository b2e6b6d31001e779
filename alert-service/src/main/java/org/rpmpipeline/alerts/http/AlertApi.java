package org.rpmpipeline.alerts.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.rpmpipeline.alerts.lifecycle.AlertKey;
import org.rpmpipeline.alerts.fhir.AlertEvidence;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.alerts.notify.Snoozes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.rpmpipeline.alerts.intake.AlertOutputs;
import org.rpmpipeline.alerts.lifecycle.AlertLifecycle;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.alerts.lifecycle.Transition;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertTimer;

/**
 * What the HTTP API does with alerts: list, get, acknowledge, resolve, snooze. Every read and every change is audited
 * on {@code rpm.audit}; a call returns only after its records are acknowledged by Kafka, so an unaudited read or
 * an unrecorded change is never reported as done.
 */
public final class AlertApi {
    /** The audit action of a note, and of the reason given with an acknowledgement or resolution. */
    public static final String NOTE_ACTION = "alert.note";
    /** The longest snooze a clinician can set. */
    public static final Duration MAX_SNOOZE = Duration.ofHours(24);

    private final AlertStore store;
    private final AlertLifecycle lifecycle;
    private final AlertOutputs outputs;
    private final Duration timeout;
    private final Snoozes snoozes;
    private final Clock clock;
    private final CareTeams teams;
    private final AlertEvidence evidence;

    public AlertApi(AlertStore store, AlertLifecycle lifecycle, AlertOutputs outputs, Snoozes snoozes,
            CareTeams teams, AlertEvidence evidence, Clock clock, Duration timeout) {
        this.store = store;
        this.teams = teams;
        this.evidence = evidence;
        this.snoozes = snoozes;
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.outputs = outputs;
        this.timeout = timeout;
    }

    /** The alerts matching {@code filter}, newest first; each one returned is audited as read. */
    public List<Alert> list(Principal caller, Predicate<Alert> filter) {
        List<Alert> alerts = store.list(filter);
        List<Future<?>> audits = new ArrayList<>();
        for (Alert alert : alerts) {
            audits.add(outputs.audit(caller.actor(), "alert.read", alert.alertId(), "list"));
        }
        await(audits);
        return alerts;
    }

    public Optional<AlertDetail> get(Principal caller, String alertId) {
        Optional<Alert> alert = store.get(alertId);
        alert.ifPresent(a -> await(List.of(outputs.audit(caller.actor(), "alert.read", alertId, "get"))));
        return alert.map(a -> new AlertDetail(a, teams.teamNameOf(a.patientId()), evidence.of(a.alertId()).stream()
                .map(EvidenceView::of).toList()));
    }

    /** The care team of the alert's patient. */
    public String teamOf(Alert alert) {
        return teams.teamNameOf(alert.patientId());
    }

    /**
     * One alert with its care team and the evidence readings seen while it was open (since this instance
     * started or took over the patient).
     */
    public record AlertDetail(Alert alert, String careTeam, List<EvidenceView> evidence) {
    }

    /** An evidence reading and the Observation it became. */
    public record EvidenceView(String readingId, String vital, BigDecimal value, String unit,
            Instant measuredAt, String observation) {
        static EvidenceView of(AlertResourceMapper.EvidenceRef ref) {
            var e = ref.evidence();
            var reference = ref.reference();
            return new EvidenceView(e.readingId(), e.vital().code(), e.value(), e.unit(), e.measuredAt(),
                    reference.hasReference() ? reference.getReference() : null);
        }
    }

    /** Acknowledges; returns the alert's state afterwards. */
    public Alert acknowledge(Principal caller, String alertId) {
        return acknowledge(caller, alertId, null);
    }

    /**
     * Acknowledges, recording {@code reason} (if not blank) as a note on {@code rpm.audit} with the change;
     * returns the alert's state afterwards.
     */
    public Alert acknowledge(Principal caller, String alertId, String reason) {
        return apply(caller, lifecycle.acknowledge(alertId, caller.actor()), alertId, "acknowledge", reason);
    }

    /** Resolves; returns the alert's state afterwards. */
    public Alert resolve(Principal caller, String alertId) {
        return resolve(caller, alertId, null);
    }

    /** Resolves, recording {@code reason} (if not blank) as a note; returns the alert's state afterwards. */
    public Alert resolve(Principal caller, String alertId, String reason) {
        return apply(caller, lifecycle.resolve(alertId, caller.actor()), alertId, "resolve", reason);
    }

    /**
     * Adds a note to the alert's history: an {@code alert.note} record on {@code rpm.audit} (the alert's state does
     * not change).
     *
     * @throws NoSuchElementException if this instance does not hold the alert
     */
    public void note(Principal caller, String alertId, String text) {
        store.get(alertId).orElseThrow(NoSuchElementException::new);
        await(List.of(outputs.audit(caller.actor(), NOTE_ACTION, alertId, text)));
    }

    /** Records that {@code caller} read the alert ({@code how}: where), before it is shown. */
    public void auditRead(Principal caller, String alertId, String how) {
        await(List.of(outputs.audit(caller.actor(), "alert.read", alertId, how)));
    }

    /** The alert as this instance holds it (the partitions it owns), without auditing a read. */
    public Optional<Alert> held(String alertId) {
        return store.get(alertId);
    }

    /**
     * Snoozes the alert's patient + rule for {@code duration} (at most {@link #MAX_SNOOZE}): notifications below
     * critical are held until then. Returns the end of the snooze.
     */
    public Instant snooze(Principal caller, String alertId, Duration duration) {
        return snooze(caller, alertId, duration, null);
    }

    /** Snoozes as {@link #snooze(Principal, String, Duration)}, with the reason on the audit record. */
    public Instant snooze(Principal caller, String alertId, Duration duration, String reason) {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_SNOOZE) > 0) {
            throw new IllegalArgumentException("snooze must be positive and at most " + MAX_SNOOZE);
        }
        Alert alert = store.get(alertId).orElseThrow(NoSuchElementException::new);
        Instant until = clock.instant().plus(duration);
        // recorded on rpm.alert-timers before it takes effect: a restart restores it from there
        await(List.of(outputs.audit(caller.actor(), "alert.snoozed", alertId, "until=" + until
                + (blank(reason) ? "" : ", reason: " + reason.strip())),
                outputs.timer(AlertTimer.snooze(alert.patientId(), alert.ruleId(), alertId, until, clock.instant(),
                        caller.actor()))));
        snoozes.snooze(new AlertKey(alert.patientId(), alert.ruleId()), until);
        return until;
    }

    private Alert apply(Principal caller, Optional<Transition> transition, String alertId, String action,
            String reason) {
        List<Future<?>> sends = new ArrayList<>();
        transition.ifPresent(t -> sends.addAll(outputs.publish(t, null, Map.of())));
        if (!blank(reason)) {
            sends.add(outputs.audit(caller.actor(), NOTE_ACTION, alertId, action + ": " + reason.strip()));
        }
        await(sends);
        return store.get(alertId).orElseThrow(NoSuchElementException::new);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private void await(List<Future<?>> sends) {
        try {
            for (Future<?> send : sends) {
                send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new Unavailable("audit or alert record not acknowledged by Kafka", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted", e);
        }
    }

    /** Kafka did not acknowledge in time: the caller gets 503 and may retry. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
