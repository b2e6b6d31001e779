package org.rpmpipeline.alerts.intake;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.AlertEvidence;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper.EvidenceRef;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirHeaders;
import org.rpmpipeline.alerts.lifecycle.AlertLifecycle;
import org.rpmpipeline.alerts.lifecycle.Transition;
import org.rpmpipeline.alerts.notify.Escalator;
import org.rpmpipeline.alerts.notify.Notifier;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.AlertTimer;
import org.rpmpipeline.contract.alert.AuditEvent;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topics;

/**
 * Everything an alert change produces, whoever made it (a finding or a clinician): the alert on
 * {@code rpm.alerts}, an audit record on {@code rpm.audit}, the DetectedIssue (and a NEWS2 RiskAssessment) on
 * {@code rpm.fhir-resources}, and for a notifying change the notifications with their Communications.
 */
public final class AlertOutputs {
    private final Publisher publisher;
    private final Notifier notifier;
    private final AlertEvidence evidence;
    private final Clock clock;
    private final AlertResourceMapper fhir = new AlertResourceMapper();

    public AlertOutputs(Publisher publisher, Notifier notifier, AlertEvidence evidence, Clock clock) {
        this.publisher = publisher;
        this.notifier = notifier;
        this.evidence = evidence;
        this.clock = clock;
    }

    /** Publishes {@code transition}; {@code finding} is the finding that caused it, or {@code null}. */
    public List<Future<?>> publish(Transition transition, Finding finding, Map<String, String> headers) {
        Alert alert = transition.alert();
        List<Future<?>> sends = new ArrayList<>();
        sends.add(publisher.send(Topics.ALERTS, alert.patientId(), alert, headers));
        sends.add(audit(alert.actor(), "alert." + transition.kind().name().toLowerCase(Locale.ROOT),
                alert.alertId(), "state=" + alert.state().code() + ", severity=" + alert.severity().code()));
        List<EvidenceRef> refs = finding == null ? evidence.of(alert.alertId())
                : evidence.add(alert.alertId(), EvidenceRef.of(finding));
        sends.add(fhirResource(fhir.detectedIssue(alert, refs), alert.alertId()));
        if (finding != null) {
            fhir.riskAssessment(finding, EvidenceRef.of(finding))
                    .ifPresent(risk -> sends.add(fhirResource(risk, finding.findingId())));
        }
        sends.addAll(record(notifier.notify(transition), headers));
        if (alert.state() == AlertState.RESOLVED) {
            evidence.forget(alert.alertId());
        }
        return sends;
    }

    /**
     * Sends an escalation step's notifications (no alert state change), audits it and records the progress on
     * {@code rpm.alert-timers}, so a restarted service does not repeat the step.
     */
    public List<Future<?>> escalate(Escalator.Step step) {
        Alert alert = step.alert();
        List<Future<?>> sends = new ArrayList<>();
        sends.addAll(record(notifier.notify(alert, step.reason(), step.tier()), Map.of()));
        sends.add(audit(AlertLifecycle.SYSTEM_ACTOR, "alert." + step.reason().name().toLowerCase(Locale.ROOT),
                alert.alertId(), "tier=" + step.tier() + ", step=" + step.number()));
        sends.add(timer(AlertTimer.escalation(alert, step.number(), clock.instant())));
        return sends;
    }

    /** Records a snooze or escalation progress on the compacted {@code rpm.alert-timers} topic. */
    public Future<?> timer(AlertTimer timer) {
        return publisher.send(Topics.ALERT_TIMERS, timer.key(), timer, Map.of());
    }

    /** Deletes the escalation record of an alert whose escalation ended (a tombstone). */
    public Future<?> escalationEnded(String alertId) {
        return publisher.send(Topics.ALERT_TIMERS, AlertTimer.keyOfEscalation(alertId), null, Map.of());
    }

    /**
     * Records sent notifications (and their Communications) and dead-letters the ones that failed; the writes of
     * their delivery records come along, so a delivery Kafka did not record fails the batch or step.
     */
    private List<Future<?>> record(Notifier.Outcome outcome, Map<String, String> headers) {
        List<Future<?>> sends = new ArrayList<>(outcome.recorded());
        for (Notification notification : outcome.sent()) {
            sends.add(publisher.send(Topics.NOTIFICATIONS, notification.alertId(), notification, headers));
            sends.add(fhirResource(fhir.communication(notification), notification.notificationId()));
        }
        for (Notification notification : outcome.failed()) {
            sends.add(publisher.send(Topics.NOTIFICATIONS_DEAD_LETTER, notification.alertId(), notification,
                    headers));
        }
        return sends;
    }

    /** Records who did what to which alert on {@code rpm.audit}, keyed by the alert id. */
    public Future<?> audit(String actor, String action, String alertId, String detail) {
        AuditEvent event = new AuditEvent(Schema.VERSION, UUID.randomUUID().toString(), clock.instant(), actor,
                action, "alert", alertId, detail);
        return publisher.send(Topics.AUDIT, alertId == null ? actor : alertId, event, Map.of());
    }

    private Future<?> fhirResource(Resource resource, String identifierValue) {
        String key = resource.fhirType() + "/" + identifierValue;
        String system = ((Identifier) resource.getNamedProperty("identifier").getValues()
                .get(0)).getSystem();
        return publisher.send(Topics.FHIR_RESOURCES, key, Fhir.toJson(resource),
                FhirHeaders.of(resource.fhirType(), system, identifierValue));
    }
}
