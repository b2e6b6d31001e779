package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper.EvidenceRef;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.rpmpipeline.alerts.fhir.ObservationIds;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.alerts.fhir.Readings;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

/** Every reference the pipeline writes resolves on the in-process server, whatever arrives first. */
class FhirServerReferencesTest {
    private static final Instant T0 = Readings.MEASURED;
    private final InProcessFhir fhir = new InProcessFhir(Clock.systemUTC());
    private final ObservationMapper mapper = new ObservationMapper();

    @AfterEach
    void stop() {
        fhir.close();
    }

    private static FhirWriter.EncodedResource observation(Reading reading, Observation observation) {
        return new FhirWriter.EncodedResource("Observation", ObservationIds.READING_SYSTEM, reading.readingId(),
                Fhir.toJson(observation), reading.patientId(), reading.hubId() == null ? List.of(reading.deviceId())
                        : List.of(reading.deviceId(), reading.hubId()), List.of());
    }

    private static FhirWriter.EncodedResource issue(Reading evidence) {
        Finding finding = new Finding(1, "f-1", "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-9",
                List.of(evidence.deviceId()), T0, T0, List.of(new Evidence(evidence.readingId(), evidence.vital(),
                        evidence.value(), evidence.unit(), T0)), evidence.value(), "SpO2 low", T0, false, Map.of());
        List<EvidenceRef> refs = EvidenceRef.of(finding);
        DetectedIssue issue = new AlertResourceMapper().detectedIssue(new Alert(1, "alert-1", "pat-9", "spo2-low",
                Severity.HIGH, AlertState.OPEN, List.of("f-1"), evidence.value(), "SpO2 low", T0, T0, "system"), refs);
        return new FhirWriter.EncodedResource("DetectedIssue", AlertResourceMapper.ALERT_SYSTEM, "alert-1",
                Fhir.toJson(issue), "pat-9", List.of(), refs.stream().map(r -> r.stub().orElseThrow()).toList());
    }

    /** Reads every literal reference of every resource of {@code types} from the server. */
    private void assertEveryReferenceResolves(String... types) throws Exception {
        for (String type : types) {
            for (Resource resource : fhir.server().store().all(type)) {
                for (Reference reference : Fhir.context().newTerser().getAllPopulatedChildElementsOfType(resource,
                        Reference.class)) {
                    if (reference.hasReference()) {
                        assertThat(fhir.get(reference.getReference()).statusCode())
                                .as(type + " -> " + reference.getReference()).isEqualTo(200);
                    }
                }
            }
        }
    }

    @Test
    void anObservationsPatientAndDevicesAreCreatedWithItAndItsReferencesResolve() throws Exception {
        Reading reading = Readings.of(VitalType.SPO2, "95");

        fhir.writer().deliverEncoded(List.of(observation(reading, mapper.map(reading))));

        assertThat(fhir.read("Patient/pat-9").getIdElement().getIdPart()).isEqualTo("pat-9");
        assertThat(fhir.search("Device?identifier=urn:rpm-pipeline:device%7Chub-7").getTotal()).isEqualTo(1);
        assertEveryReferenceResolves("Observation");
        Observation stored = (Observation) fhir.read("Observation/" + ObservationIds.of(reading).resourceId());
        assertThat(stored.getSubject().getReference()).isEqualTo("Patient/pat-9");
        assertThat(stored.getDevice().getReference()).isEqualTo("Device/dev-spo2");
    }

    @Test
    void anAlertBeforeItsEvidenceGetsAPlaceholderThatTheObservationReplaces() throws Exception {
        Reading reading = Readings.of(VitalType.SPO2, "88");
        String id = ObservationIds.of(reading).resourceId();

        fhir.writer().deliverEncoded(List.of(issue(reading)));
        Observation placeholder = (Observation) fhir.read("Observation/" + id);
        assertEveryReferenceResolves("DetectedIssue", "Observation");
        fhir.writer().deliverEncoded(List.of(observation(reading, mapper.map(reading))));

        Observation replaced = (Observation) fhir.read("Observation/" + id);
        assertThat(placeholder.getStatus()).isEqualTo(Observation.ObservationStatus.REGISTERED);
        assertThat(replaced.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(replaced.getValueQuantity().getValue()).isEqualByComparingTo("88");
        assertThat(replaced.getMeta().getVersionId()).isEqualTo("2");
        assertThat(fhir.server().store().count("Observation")).isEqualTo(1);
        DetectedIssue issue = (DetectedIssue) fhir.server().store().all("DetectedIssue").get(0);
        assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().getReference()).isEqualTo("Observation/" + id);
        assertThat(issue.getPatient().getReference()).isEqualTo("Patient/pat-9");
    }

    @Test
    void anAlertAfterItsEvidenceLeavesTheObservationAlone() throws Exception {
        Reading reading = Readings.of(VitalType.SPO2, "88");

        fhir.writer().deliverEncoded(List.of(observation(reading, mapper.map(reading))));
        fhir.writer().deliverEncoded(List.of(issue(reading)));

        Observation stored = (Observation) fhir.read("Observation/" + ObservationIds.of(reading).resourceId());
        assertThat(stored.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
        assertEveryReferenceResolves("DetectedIssue", "Observation");
    }

    @Test
    void aRedeliveredReadingChangesNothingAndTwoReadingsInOneSecondAreTwoObservations() throws Exception {
        Reading first = reading("id=1", "77");
        Reading second = reading("id=2", "95");

        fhir.writer().deliverEncoded(List.of(observation(first, mapper.map(first))));
        fhir.writer().deliverEncoded(List.of(observation(first, mapper.map(first)),
                observation(second, mapper.map(second))));

        assertThat(fhir.server().store().count("Observation")).isEqualTo(2);
        assertThat(fhir.read("Observation/" + ObservationIds.of(first).resourceId()).getMeta().getVersionId())
                .isEqualTo("1");
        assertThat(fhir.server().store().count("Patient")).isEqualTo(1);
        assertThat(fhir.server().store().all("Patient").get(0).getMeta().getVersionId()).isEqualTo("1");
    }

    private static Reading reading(String discriminator, String value) {
        return new Reading(1, Reading.idFor("hr-1", VitalType.HEART_RATE, T0, discriminator), "pat-9", "hr-1", null,
                VitalType.HEART_RATE, new BigDecimal(value), "/min", null, null, T0, T0.plusSeconds(1),
                TimeSource.DEVICE, null, null);
    }
}
