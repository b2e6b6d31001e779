package org.rpmpipeline.alerts.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * FHIR R4 resources for the alert workflow (shared DOMAIN.md 2.7):
 * <ul>
 *   <li>an alert is a <b>DetectedIssue</b> (what a system found about a patient, with a severity and evidence) —
 *       chosen over Flag, which is meant for long-lived patient banners; its {@code evidence.detail} references
 *       the evidence Observations, and acknowledgement/resolution are {@code mitigation} entries;</li>
 *   <li>a NEWS2 finding is also a <b>RiskAssessment</b> with the sub-scores as notes, the inputs as basis and the
 *       completeness of the scored set in the rationale (an incomplete set's aggregate is a lower bound);</li>
 *   <li>each notification sent is a <b>Communication</b> about the DetectedIssue.</li>
 * </ul>
 * Every resource carries a deterministic identifier and id, so re-delivery never duplicates it, a generated
 * one-line narrative, and literal references that carry the pipeline identifier ({@link Participants}). A
 * resolved alert's DetectedIssue states no severity (the finding no longer has one) and says in its mitigation
 * and detail that it is resolved; a resolved NEWS2 finding's RiskAssessment predicts the risk of the score it
 * resolved at. A Communication records a notification as sent: its priority is the alert's severity when it was
 * sent, and it is never rewritten. Pure.
 */
public final class AlertResourceMapper {
    public static final String ALERT_SYSTEM = "urn:rpm-pipeline:alert";
    public static final String NOTIFICATION_SYSTEM = "urn:rpm-pipeline:notification";
    public static final String RISK_SYSTEM = "urn:rpm-pipeline:risk-assessment";
    public static final String RULE_SYSTEM = "urn:rpm-pipeline:rule";
    static final String MITIGATION_SYSTEM = "urn:rpm-pipeline:alert-action";
    static final String COMMUNICATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/communication-category";
    /** SNOMED CT UK extension code "Royal College of Physicians NEWS2 total score" (DOMAIN.md 2.7, [S28]). */
    static final String NEWS2_SNOMED = "1104051000000101";
    static final String SNOMED = "http://snomed.info/sct";
    static final String AUTHOR_DISPLAY = "rpm-pipeline alert-service";
    static final String RISK_PROBABILITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/risk-probability";

    /** The DetectedIssue for an alert, referencing the Observations of {@code evidence} measured by {@code device}. */
    public DetectedIssue detectedIssue(Alert alert, List<EvidenceRef> evidence) {
        DetectedIssue issue = new DetectedIssue();
        issue.setId(Ids.deterministic(ALERT_SYSTEM, alert.alertId()));
        issue.addIdentifier(new Identifier().setSystem(ALERT_SYSTEM).setValue(alert.alertId()));
        issue.setStatus(alert.state() == AlertState.OPEN ? DetectedIssue.DetectedIssueStatus.PRELIMINARY
                : DetectedIssue.DetectedIssueStatus.FINAL);
        issue.setCode(new CodeableConcept(new Coding(RULE_SYSTEM, alert.ruleId(), null)).setText(alert.ruleId()));
        boolean resolved = alert.state() == AlertState.RESOLVED;
        if (!resolved) {
            issue.setSeverity(severity(alert.severity()));
        }
        issue.setPatient(Participants.patient(alert.patientId()));
        issue.setIdentified(Fhir.dateTime(alert.openedAt(), TemporalPrecisionEnum.SECOND));
        issue.setAuthor(new Reference().setDisplay(AUTHOR_DISPLAY));
        String peak = alert.severity().code();
        String detail = (alert.summary() == null ? alert.ruleId() : alert.summary())
                + (resolved ? " (resolved; it was " + peak + " at its worst)" : "");
        issue.setDetail(detail);
        issue.setText(Narratives.generated("Alert " + alert.ruleId() + ", " + alert.state().code()
                + (resolved ? "" : ", severity " + peak) + ": " + detail));
        for (EvidenceRef ref : evidence) {
            issue.addEvidence().addCode(new CodeableConcept(new Coding(VitalType.LOINC_SYSTEM, ref.evidence().vital().loinc(), ref.evidence().vital().display())))
                    .addDetail(ref.reference());
        }
        if (alert.state() != AlertState.OPEN) {
            issue.addMitigation()
                    .setAction(new CodeableConcept(new Coding(MITIGATION_SYSTEM, alert.state().code(), null))
                            .setText("alert " + alert.state().code() + " by " + alert.actor()))
                    .setDateElement(Fhir.dateTime(alert.updatedAt(), TemporalPrecisionEnum.SECOND));
        }
        return issue;
    }

    /** The RiskAssessment of a NEWS2 finding (rule id starting {@code news2}), else empty. */
    public Optional<RiskAssessment> riskAssessment(Finding finding, List<EvidenceRef> evidence) {
        if (!finding.ruleId().toLowerCase(Locale.ROOT).startsWith("news2")) {
            return Optional.empty();
        }
        RiskAssessment risk = new RiskAssessment();
        risk.setId(Ids.deterministic(RISK_SYSTEM, finding.findingId()));
        risk.addIdentifier(new Identifier().setSystem(RISK_SYSTEM).setValue(finding.findingId()));
        // final either way: a resolved finding is a completed assessment too, of a score below every trigger
        risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        risk.setSubject(Participants.patient(finding.patientId()));
        risk.setCode(new CodeableConcept(new Coding(SNOMED, NEWS2_SNOMED,
                "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score")));
        risk.setOccurrence(Fhir.dateTime(finding.windowEnd(), TemporalPrecisionEnum.SECOND));
        risk.setPerformer(new Reference().setDisplay(AUTHOR_DISPLAY));
        evidence.forEach(ref -> risk.addBasis(ref.reference()));
        News2Risk band = News2Risk.of(finding);
        boolean resolved = finding.status() == FindingStatus.RESOLVED;
        RiskAssessment.RiskAssessmentPredictionComponent prediction = risk.addPrediction();
        prediction.setQualitativeRisk(new CodeableConcept(new Coding(RISK_PROBABILITY_SYSTEM, band.code(),
                band.display())).setText(band.clinicalRisk()));
        String score = finding.computedValue() == null ? "not computed"
                : finding.computedValue().toPlainString();
        boolean lowerBound = "true".equals(finding.details().get("lowerBound"));
        String rationale = "NEWS2 aggregate score " + score + completeness(finding.details()) + ": "
                + (lowerBound ? "at least " : "") + band.clinicalRisk() + " clinical risk"
                + (resolved ? "; below every trigger, the alert it raised is resolved" : "");
        prediction.setRationale(rationale);
        risk.setText(Narratives.generated(rationale));
        for (Map.Entry<String, String> detail : new TreeMap<>(finding.details()).entrySet()) {
            risk.addNote().setText(detail.getKey() + " = " + detail.getValue());
        }
        return Optional.of(risk);
    }

    /**
     * How complete the scored set was, from the processor's details: {@code " from 5 of 7 parameters, a lower bound
     * (not measured: consciousness, air-or-oxygen)"}; empty when the finding does not say.
     */
    private static String completeness(Map<String, String> details) {
        String parameters = details.get("parameters");
        if (parameters == null) {
            return "";
        }
        if (!"true".equals(details.get("lowerBound"))) {
            return " from " + parameters + " parameters";
        }
        return " from " + parameters + " parameters, a lower bound (not measured: "
                + String.join(", ", details.getOrDefault("missing", "").split(",")) + ")";
    }

    /** The Communication recording that {@code notification} was sent. */
    public Communication communication(Notification notification) {
        Communication communication = new Communication();
        communication.setId(Ids.deterministic(NOTIFICATION_SYSTEM, notification.notificationId()));
        communication.addIdentifier(new Identifier().setSystem(NOTIFICATION_SYSTEM)
                .setValue(notification.notificationId()));
        communication.setStatus(Communication.CommunicationStatus.COMPLETED);
        communication.addCategory(new CodeableConcept(new Coding(COMMUNICATION_CATEGORY, "alert", "Alert")));
        communication.setPriority(priority(notification.severity()));
        communication.addMedium(new CodeableConcept().setText(notification.channel()));
        if (notification.patientId() != null) {
            communication.setSubject(Participants.patient(notification.patientId()));
        }
        communication.addAbout(alertReference(notification.alertId()));
        communication.setSentElement(Fhir.dateTime(notification.sentAt(), TemporalPrecisionEnum.SECOND));
        if (notification.recipient() != null) {
            communication.addRecipient(new Reference().setDisplay(notification.recipient()));
        }
        communication.setSender(new Reference().setDisplay(AUTHOR_DISPLAY));
        communication.addPayload().setContent(new StringType(notification.text()));
        communication.setText(Narratives.generated("Notification sent on " + notification.channel() + " at "
                + notification.sentAt() + " (priority " + communication.getPriority().toCode() + "): "
                + notification.text()));
        return communication;
    }

    /** A reference to the DetectedIssue of an alert, by id and identifier. */
    public static Reference alertReference(String alertId) {
        return new Reference("DetectedIssue/" + Ids.deterministic(ALERT_SYSTEM, alertId))
                .setIdentifier(new Identifier().setSystem(ALERT_SYSTEM).setValue(alertId));
    }

    private static DetectedIssue.DetectedIssueSeverity severity(Severity severity) {
        return switch (severity) {
            case LOW -> DetectedIssue.DetectedIssueSeverity.LOW;
            case MODERATE -> DetectedIssue.DetectedIssueSeverity.MODERATE;
            case HIGH, CRITICAL -> DetectedIssue.DetectedIssueSeverity.HIGH;
        };
    }

    private static Communication.CommunicationPriority priority(Severity severity) {
        return switch (severity) {
            case CRITICAL -> Communication.CommunicationPriority.STAT;
            case HIGH -> Communication.CommunicationPriority.URGENT;
            case MODERATE, LOW -> Communication.CommunicationPriority.ROUTINE;
        };
    }

    /**
     * A finding's evidence reading and the Observation it became: the reading's own Observation, or, for a vital
     * grouped as SampledData, the group of the measuring device over the period that holds the reading.
     *
     * @param target the identity of that Observation, or {@code null} when it cannot be known (a grouped vital
     *     in a finding that names several devices)
     */
    public record EvidenceRef(Evidence evidence, ObservationIds target, java.time.Duration groupPeriod) {
        /** The evidence Observation, by id and identifier, else described. */
        public Reference reference() {
            if (target == null) {
                return new Reference().setDisplay(evidence.vital().display() + " at " + evidence.measuredAt());
            }
            return new Reference("Observation/" + target.resourceId())
                    .setIdentifier(new Identifier().setSystem(target.system()).setValue(target.value()));
        }

        /**
         * The placeholder that makes the reference resolve before the Observation arrives ({@link EvidenceStub});
         * empty when the evidence is only described.
         */
        public Optional<EvidenceStub> stub() {
            if (target == null) {
                return Optional.empty();
            }
            if (groupPeriod == null) {
                return Optional.of(new EvidenceStub(target, evidence.vital(), evidence.measuredAt(), null));
            }
            java.time.Instant start = SampledGroup.periodStart(evidence.measuredAt(), groupPeriod);
            return Optional.of(new EvidenceStub(target, evidence.vital(), start, start.plus(groupPeriod)));
        }

        /** The evidence of {@code finding}; no vital is grouped as SampledData. */
        public static List<EvidenceRef> of(Finding finding) {
            return of(finding, vital -> Optional.empty());
        }

        /**
         * The evidence of {@code finding}, where {@code groupPeriod} gives the SampledData period of a grouped
         * vital (empty: one Observation per reading).
         */
        public static List<EvidenceRef> of(Finding finding,
                java.util.function.Function<VitalType, Optional<java.time.Duration>> groupPeriod) {
            String device = finding.deviceIds().size() == 1 ? finding.deviceIds().get(0) : null;
            return finding.evidence().stream().map(e -> {
                Optional<java.time.Duration> period = groupPeriod.apply(e.vital());
                if (period.isEmpty()) {
                    return new EvidenceRef(e, ObservationIds.ofReading(e.readingId()), null);
                }
                ObservationIds group = device == null ? null : ObservationIds.sampled(device, e.vital(),
                        SampledGroup.periodStart(e.measuredAt(), period.get()), period.get());
                return new EvidenceRef(e, group, period.get());
            }).toList();
        }
    }
}
