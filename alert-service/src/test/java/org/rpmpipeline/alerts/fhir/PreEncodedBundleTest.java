package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper.EvidenceRef;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The transaction assembled from already encoded resources: HAPI parses it, every reference in it points at an
 * entry of it, and each entry has the request that makes it idempotent.
 */
class PreEncodedBundleTest {
    private static final Instant T0 = Readings.MEASURED;
    private final ObservationMapper mapper = new ObservationMapper();

    private static FhirWriter.EncodedResource encoded(Reading reading, Observation observation) {
        return new FhirWriter.EncodedResource("Observation", ObservationIds.READING_SYSTEM, reading.readingId(),
                Fhir.toJson(observation), reading.patientId(), List.of(reading.deviceId(), reading.hubId()),
                List.of());
    }

    @Test
    void patientsAndDevicesAreConditionallyCreatedOnceAndTheObservationsPointAtThem() {
        Reading spo2 = Readings.of(VitalType.SPO2, "91");
        Reading bp = Readings.bloodPressure("150", "95");

        Bundle bundle = parse(FhirWriter.transactionJson(List.of(encoded(spo2, mapper.map(spo2)),
                encoded(bp, mapper.map(bp)))));

        assertThat(bundle.getEntry()).extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()
                + " " + e.getRequest().getIfNoneExist()).containsExactly(
                        "POST Patient identifier=urn:rpm-pipeline:patient|pat-9",
                        "POST Device identifier=urn:rpm-pipeline:device|dev-spo2",
                        "POST Device identifier=urn:rpm-pipeline:device|hub-7",
                        "POST Device identifier=urn:rpm-pipeline:device|dev-blood-pressure",
                        "PUT Observation?identifier=urn:rpm-pipeline:reading|" + spo2.readingId() + " null",
                        "PUT Observation?identifier=urn:rpm-pipeline:reading|" + bp.readingId() + " null");
        Observation first = (Observation) bundle.getEntry().get(4).getResource();
        assertThat(first.getSubject().getReference()).isEqualTo(bundle.getEntry().get(0).getFullUrl())
                .isEqualTo("urn:uuid:b2106c5c-37f7-3db8-b48f-088952326511");
        assertThat(first.getPerformerFirstRep().getReference()).isEqualTo(bundle.getEntry().get(0).getFullUrl());
        assertThat(first.getDevice().getReference()).isEqualTo(bundle.getEntry().get(1).getFullUrl());
        assertThat(((org.hl7.fhir.r4.model.Reference) first.getExtension().get(0).getValue()).getReference())
                .isEqualTo(bundle.getEntry().get(2).getFullUrl());
        assertThat(bundle.getEntry().get(4).getFullUrl()).isEqualTo("urn:uuid:" + ObservationIds.of(spo2)
                .resourceId());
        assertThat(first.getSubject().getIdentifier().getValue()).isEqualTo("pat-9");
        // sent without its logical id: a placeholder created earlier may hold another, the server's
        assertThat(Fhir.toJson(mapper.map(spo2))).contains("\"id\":");
        assertThat(FhirWriter.transactionJson(List.of(encoded(spo2, mapper.map(spo2)))))
                .doesNotContain("\"id\":\"" + ObservationIds.of(spo2).resourceId() + "\"");
    }

    @Test
    void evidenceAnAlertReferencesGetsAPlaceholderUnlessTheBundleHoldsTheObservation() {
        Reading held = Readings.of(VitalType.SPO2, "88");
        Finding finding = new Finding(1, "f-1", "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-9",
                List.of("dev-spo2"), T0, T0, List.of(
                        new Evidence(held.readingId(), VitalType.SPO2, new BigDecimal("88"), "%", T0),
                        new Evidence("r-earlier", VitalType.SPO2, new BigDecimal("89"), "%", T0.minusSeconds(60))),
                new BigDecimal("88"), "SpO2 low", T0, false, Map.of());
        List<EvidenceRef> refs = EvidenceRef.of(finding);
        Alert alert = new Alert(1, "alert-1", "pat-9", "spo2-low", Severity.HIGH, AlertState.OPEN, List.of("f-1"),
                new BigDecimal("88"), "SpO2 low", T0, T0, "system");
        DetectedIssue issue = new AlertResourceMapper().detectedIssue(alert, refs);
        FhirWriter.EncodedResource encodedIssue = new FhirWriter.EncodedResource("DetectedIssue",
                AlertResourceMapper.ALERT_SYSTEM, "alert-1", Fhir.toJson(issue), "pat-9", List.of(),
                refs.stream().map(r -> r.stub().orElseThrow()).toList());

        Bundle bundle = parse(FhirWriter.transactionJson(List.of(encoded(held, mapper.map(held)), encodedIssue)));

        Bundle.BundleEntryComponent placeholder = bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof Observation o
                        && o.getStatus() == Observation.ObservationStatus.REGISTERED).findFirst().orElseThrow();
        assertThat(bundle.getEntry()).filteredOn(e -> e.getResource() instanceof Observation).hasSize(2);
        assertThat(placeholder.getRequest().getIfNoneExist()).isEqualTo("identifier=urn:rpm-pipeline:reading|r-earlier");
        assertThat(((Observation) placeholder.getResource()).getSubject().getReference())
                .isEqualTo(Participants.patientFullUrl("pat-9"));
        Bundle.BundleEntryComponent real = bundle.getEntry().stream().filter(e -> e.getRequest().getMethod()
                == Bundle.HTTPVerb.PUT && e.getResource() instanceof Observation).findFirst().orElseThrow();
        Bundle.BundleEntryComponent issueEntry = bundle.getEntry().get(bundle.getEntry().size() - 1);
        DetectedIssue sent = (DetectedIssue) issueEntry.getResource();
        assertThat(sent.getEvidence()).extracting(e -> e.getDetailFirstRep().getReference())
                .containsExactly(real.getFullUrl(), placeholder.getFullUrl());
        assertThat(sent.getPatient().getReference()).isEqualTo(Participants.patientFullUrl("pat-9"));
        assertThat(issueEntry.getRequest().getUrl()).isEqualTo("DetectedIssue?identifier=urn:rpm-pipeline:alert|alert-1");
        assertThat(issueEntry.hasFullUrl()).isFalse();
        assertThat(sent.getIdElement().getIdPart()).isEqualTo(issue.getIdElement().getIdPart());
    }

    @Test
    void theParticipantJsonWrittenDirectlyIsWhatHapiEncodes() {
        for (String id : List.of("pat-9", "pat_9:x")) {
            assertThat(Participants.patientJson(id)).isEqualTo(Fhir.toJson(Participants.patientResource(id)));
            assertThat(Participants.deviceJson(id)).isEqualTo(Fhir.toJson(Participants.deviceResource(id)));
        }
    }

    @Test
    void requestUrlsAreJsonEscaped() {
        String value = "a \"quoted\" \\ value\tµ";
        String json = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}";
        Bundle bundle = parse(FhirWriter.transactionJson(List.of(
                new FhirWriter.EncodedResource("Observation", "urn:test", value, json),
                new FhirWriter.EncodedResource("Communication", "urn:test", value,
                        "{\"resourceType\":\"Communication\",\"status\":\"completed\"}"))));

        assertThat(bundle.getEntry().get(0).getRequest().getUrl()).isEqualTo("Observation?identifier=urn:test|" + value);
        assertThat(bundle.getEntry().get(1).getRequest().getIfNoneExist()).isEqualTo("identifier=urn:test|" + value);
    }

    private static Bundle parse(String json) {
        return Fhir.context().newJsonParser().parseResource(Bundle.class, json);
    }
}
