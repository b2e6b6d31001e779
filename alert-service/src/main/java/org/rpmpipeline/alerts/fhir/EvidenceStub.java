package org.rpmpipeline.alerts.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * What an alert resource needs to know about an evidence Observation so that the reference to it resolves
 * whichever arrives first at the FHIR server: the alert (from the findings) or the Observation (from the
 * readings, or a SampledData group emitted when its period closes).
 *
 * <p>The FHIR consumer puts a <em>registered</em> Observation for it in the alert's transaction, as a conditional
 * create on the evidence Observation's identifier: if the Observation is there, nothing is created and the
 * reference points at it; if not, this placeholder (status {@code registered}: "the existence of the observation
 * is registered, but there is no result yet available") is created, and the Observation, written by conditional
 * update on the same identifier, replaces it when it arrives. The placeholder has no LOINC code, so no vital-signs
 * profile applies to it.
 *
 * @param end the end of the group's period, or {@code null} for a single reading
 */
public record EvidenceStub(ObservationIds ids, VitalType vital, Instant start, Instant end) {

    /** The placeholder Observation for {@code patientId}. */
    public Observation resource(String patientId) {
        Observation observation = new Observation();
        observation.setId(ids.resourceId());
        observation.setText(Narratives.generated(ObservationText.registered(vital, start)));
        observation.addIdentifier().setSystem(ids.system()).setValue(ids.value());
        observation.setStatus(Observation.ObservationStatus.REGISTERED);
        observation.setCode(end == null ? new CodeableConcept(new Coding(ObservationMapper.VITAL_SYSTEM,
                vital.code(), vital.display())).setText(vital.display()) : ObservationMapper.sampledCode(vital));
        observation.setSubject(Participants.patient(patientId));
        observation.addPerformer(Participants.patient(patientId));
        if (end == null) {
            observation.setEffective(Fhir.dateTime(start, TemporalPrecisionEnum.MILLI));
        } else {
            observation.setEffective(new Period().setStartElement(Fhir.dateTime(start, TemporalPrecisionEnum.MILLI))
                    .setEndElement(Fhir.dateTime(end, TemporalPrecisionEnum.MILLI)));
        }
        return observation;
    }

    /** The stub as one header field: {@code system value vital start [end]}. */
    String header() {
        return ids.system() + " " + ids.value() + " " + vital.code() + " " + start + (end == null ? "" : " " + end);
    }

    /** The header value for several stubs (comma-separated; none of the fields may hold a space or comma). */
    static String header(List<EvidenceStub> stubs) {
        return String.join(",", stubs.stream().map(EvidenceStub::header).toList());
    }

    /** Parses {@link #header(List)}. */
    static List<EvidenceStub> parse(String header) {
        List<EvidenceStub> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String field : header.split(",")) {
            String[] parts = field.trim().split(" ");
            if (parts.length < 4 || parts.length > 5) {
                throw new IllegalArgumentException("evidence header field must be 'system value vital start [end]'");
            }
            ObservationIds ids = new ObservationIds(parts[0], parts[1],
                    org.rpmpipeline.contract.Ids.deterministic(parts[0], parts[1]));
            out.add(new EvidenceStub(ids, VitalType.fromCode(parts[2]), Instant.parse(parts[3]),
                    parts.length == 5 ? Instant.parse(parts[4]) : null));
        }
        return out;
    }
}
