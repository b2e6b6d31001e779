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
 * Every resource carries a deterministic identifier and id, so re-delivery never duplicates it. Pure.
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

    /** The DetectedIssue for an alert, referencing the Observations of {@code evidence} measured by {@code device}. */
    public DetectedIssue detectedIssue(Alert alert, List<EvidenceRef> evidence) {
        DetectedIssue issue = new DetectedIssue();
        issue.setId(Ids.deterministic(ALERT_SYSTEM, alert.alertId()));
        issue.addIdentifier(new Identifier().setSystem(ALERT_SYSTEM).setValue(alert.alertId()));
        issue.setStatus(alert.state() == AlertState.OPEN ? DetectedIssue.DetectedIssueStatus.PRELIMINARY
                : DetectedIssue.DetectedIssueStatus.FINAL);
        issue.setCode(new CodeableConcept(new Coding(RULE_SYSTEM, alert.ruleId(), null)).setText(alert.ruleId()));
        issue.setSeverity(severity(alert.severity()));
        issue.setPatient(new Reference("Patient/" + alert.patientId()));
        issue.setIdentified(Fhir.dateTime(alert.openedAt(), TemporalPrecisionEnum.SECOND));
        issue.setAuthor(new Reference().setDisplay(AUTHOR_DISPLAY));
        if (alert.summary() != null) {
            issue.setDetail(alert.summary());
        }
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
        risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        risk.setSubject(new Reference("Patient/" + finding.patientId()));
        risk.setCode(new CodeableConcept(new Coding(SNOMED, NEWS2_SNOMED,
                "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score")));
        risk.setOccurrence(Fhir.dateTime(finding.windowEnd(), TemporalPrecisionEnum.SECOND));
        risk.setPerformer(new Reference().setDisplay(AUTHOR_DISPLAY));
        evidence.forEach(ref -> risk.addBasis(ref.reference()));
        RiskAssessment.RiskAssessmentPredictionComponent prediction = risk.addPrediction();
        prediction.setQualitativeRisk(new CodeableConcept().setText(finding.severity().code()));
        if (finding.computedValue() != null) {
            prediction.setRationale("NEWS2 aggregate score " + finding.computedValue().toPlainString()
                    + completeness(finding.details()));
        }
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
            communication.setSubject(new Reference("Patient/" + notification.patientId()));
        }
        communication.addAbout(alertReference(notification.alertId()));
        communication.setSentElement(Fhir.dateTime(notification.sentAt(), TemporalPrecisionEnum.SECOND));
        if (notification.recipient() != null) {
            communication.addRecipient(new Reference().setDisplay(notification.recipient()));
        }
        communication.setSender(new Reference().setDisplay(AUTHOR_DISPLAY));
        communication.addPayload().setContent(new StringType(notification.text()));
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
     * A finding's evidence reading with the device that measured it, which identifies its Observation.
     *
     * @param deviceId the measuring device, or {@code null} when the finding names several devices
     */
    public record EvidenceRef(Evidence evidence, String deviceId) {
        /** The evidence Observation, by id and identifier when the device is known, else by description. */
        public Reference reference() {
            if (deviceId == null) {
                return new Reference().setDisplay(evidence.vital().display() + " at " + evidence.measuredAt());
            }
            ObservationIds ids = ObservationIds.of(deviceId, evidence.vital(), evidence.measuredAt());
            return new Reference("Observation/" + ids.resourceId())
                    .setIdentifier(new Identifier().setSystem(ids.system()).setValue(ids.value()));
        }

        /** The evidence of {@code finding}, with the device when the finding names exactly one. */
        public static List<EvidenceRef> of(Finding finding) {
            String device = finding.deviceIds().size() == 1 ? finding.deviceIds().get(0) : null;
            return finding.evidence().stream().map(e -> new EvidenceRef(e, device)).toList();
        }
    }
}
