package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper.EvidenceRef;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;

class AlertResourceMapperTest {
    private static final Instant T0 = Instant.parse("2026-03-15T08:30:00Z");
    private static ValidatorHolder validator;
    private final AlertResourceMapper mapper = new AlertResourceMapper();

    @BeforeAll
    static void buildValidator() {
        validator = new ValidatorHolder();
    }

    @Test
    void openAlertIsAPreliminaryDetectedIssueReferencingItsEvidenceObservations() {
        Finding finding = finding("spo2-low", List.of("ox-1"));

        DetectedIssue issue = mapper.detectedIssue(alert(AlertState.OPEN), EvidenceRef.of(finding));

        assertThat(issue.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
        assertThat(issue.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
        assertThat(issue.getPatient().getReference()).isEqualTo("Patient/pat-1");
        assertThat(issue.getIdentifierFirstRep().getValue()).isEqualTo("alert-1");
        String observationId = ObservationIds.of("ox-1", VitalType.SPO2, T0).resourceId();
        assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().getReference())
                .isEqualTo("Observation/" + observationId);
        assertThat(issue.getMitigation()).isEmpty();
        assertThat(validator.errors(issue)).isEmpty();
    }

    @Test
    void acknowledgedAlertRecordsWhoAsAMitigation() {
        DetectedIssue issue = mapper.detectedIssue(alert(AlertState.ACKNOWLEDGED), List.of());

        assertThat(issue.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
        assertThat(issue.getMitigationFirstRep().getAction().getText()).isEqualTo("alert acknowledged by nurse-1");
        assertThat(validator.errors(issue)).isEmpty();
    }

    @Test
    void evidenceFromSeveralDevicesIsDescribedNotGuessed() {
        Finding finding = finding("spo2-low", List.of("ox-1", "ox-2"));

        DetectedIssue issue = mapper.detectedIssue(alert(AlertState.OPEN), EvidenceRef.of(finding));

        assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().hasReference()).isFalse();
        assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().getDisplay()).contains("Oxygen saturation");
        assertThat(validator.errors(issue)).isEmpty();
    }

    @Test
    void news2FindingIsARiskAssessmentWithItsSubScores() {
        Finding finding = finding("news2-aggregate", List.of("ox-1"));

        RiskAssessment risk = mapper.riskAssessment(finding, EvidenceRef.of(finding)).orElseThrow();

        assertThat(risk.getCode().getCodingFirstRep().getCode()).isEqualTo(AlertResourceMapper.NEWS2_SNOMED);
        assertThat(risk.getSubject().getReference()).isEqualTo("Patient/pat-1");
        assertThat(risk.getBasis()).hasSize(1);
        assertThat(risk.getNote()).extracting(n -> n.getText()).containsExactly("pulse = 1", "spo2 = 3");
        assertThat(risk.getPredictionFirstRep().getRationale()).isEqualTo("NEWS2 aggregate score 7");
        assertThat(validator.errors(risk)).isEmpty();
    }

    @Test
    void aNews2RiskAssessmentStatesHowCompleteTheScoredSetWas() {
        Finding base = finding("news2", List.of("ox-1"));
        Finding partial = new Finding(base.schemaVersion(), base.findingId(), base.ruleId(), base.ruleVersion(),
                base.severity(), base.status(), base.patientId(), base.deviceIds(), base.windowStart(),
                base.windowEnd(), base.evidence(), base.computedValue(), base.summary(), base.detectedAt(),
                base.late(), Map.of("parameters", "5 of 7", "lowerBound", "true", "complete", "false",
                        "missing", "air-or-oxygen,consciousness", "score.spo2", "3"));

        RiskAssessment risk = mapper.riskAssessment(partial, EvidenceRef.of(partial)).orElseThrow();

        assertThat(risk.getPredictionFirstRep().getRationale()).isEqualTo("NEWS2 aggregate score 7 from 5 of 7"
                + " parameters, a lower bound (not measured: air-or-oxygen, consciousness)");
        assertThat(risk.getNote()).extracting(n -> n.getText()).contains("complete = false", "lowerBound = true");
        assertThat(validator.errors(risk)).isEmpty();
    }

    @Test
    void otherRulesHaveNoRiskAssessment() {
        Finding finding = finding("spo2-low", List.of("ox-1"));

        assertThat(mapper.riskAssessment(finding, EvidenceRef.of(finding))).isEmpty();
    }

    @Test
    void notificationIsACompletedCommunicationAboutTheAlert() {
        Notification notification = new Notification(Schema.VERSION, "n-1", "alert-1", "pat-1", "console",
                "care-team", Severity.CRITICAL, "CRITICAL spo2-low (alert alert-1)", T0);

        Communication communication = mapper.communication(notification);

        assertThat(communication.getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
        assertThat(communication.getPriority()).isEqualTo(Communication.CommunicationPriority.STAT);
        assertThat(communication.getAboutFirstRep().getIdentifier().getValue()).isEqualTo("alert-1");
        assertThat(communication.getIdentifierFirstRep().getValue()).isEqualTo("n-1");
        assertThat(communication.getPayloadFirstRep().getContentStringType().getValue())
                .isEqualTo("CRITICAL spo2-low (alert alert-1)");
        assertThat(validator.errors(communication)).isEmpty();
    }

    private static Alert alert(AlertState state) {
        return new Alert(Schema.VERSION, "alert-1", "pat-1", "spo2-low", Severity.HIGH, state, List.of("f-1"),
                new BigDecimal("89"), "SpO2 below 92 %", T0, T0.plusSeconds(60),
                state == AlertState.OPEN ? "system" : "nurse-1");
    }

    private static Finding finding(String rule, List<String> devices) {
        return new Finding(Schema.VERSION, "f-1", rule, 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-1", devices, T0,
                T0, List.of(new Evidence("r-1", VitalType.SPO2, new BigDecimal("89"), "%", T0)), new BigDecimal("7"),
                "summary", T0, false, Map.of("spo2", "3", "pulse", "1"));
    }
}
