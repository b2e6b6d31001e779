package org.rpmpipeline.alerts.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.rpmpipeline.contract.topic.HeaderNames;

/**
 * Kafka headers this service puts on FHIR JSON records ({@code rpm.observations}, {@code rpm.fhir-resources}) so
 * its FHIR consumer can build transaction entries without parsing each resource: type and identifier, and what the
 * resource references that the bundle must make resolvable (the patient, the devices, the evidence Observations).
 * Records without them (written by someone else) are parsed instead, and their references left as they are.
 */
public final class FhirHeaders {
    /** The resource type, e.g. {@code Observation}. */
    public static final String TYPE = "rpm-fhir-type";
    /** The identifier system of the resource's first identifier. */
    public static final String IDENTIFIER_SYSTEM = "rpm-fhir-identifier-system";
    /** The identifier value of the resource's first identifier. */
    public static final String IDENTIFIER_VALUE = "rpm-fhir-identifier-value";
    /** The pipeline patient id the resource references ({@code Participants#patient}). */
    public static final String PATIENT = "rpm-fhir-patient";
    /** The pipeline device ids the resource references, comma-separated. */
    public static final String DEVICES = "rpm-fhir-devices";
    /** The evidence Observations the resource references ({@link EvidenceStub#header(List)}). */
    public static final String EVIDENCE = "rpm-fhir-evidence";

    private FhirHeaders() {
    }

    public static Map<String, String> of(String type, String system, String value) {
        return Map.of(HeaderNames.CONTENT_TYPE, Fhir.JSON_MEDIA_TYPE, TYPE, type, IDENTIFIER_SYSTEM, system,
                IDENTIFIER_VALUE, value);
    }

    /** The headers of a resource referencing {@code patientId}, {@code deviceIds} and {@code evidence}. */
    public static Map<String, String> of(String type, String system, String value, String patientId,
            List<String> deviceIds, List<EvidenceStub> evidence) {
        Map<String, String> out = new HashMap<>(of(type, system, value));
        if (patientId != null) {
            out.put(PATIENT, patientId);
        }
        if (!deviceIds.isEmpty()) {
            out.put(DEVICES, String.join(",", deviceIds));
        }
        if (!evidence.isEmpty()) {
            out.put(EVIDENCE, EvidenceStub.header(evidence));
        }
        return out;
    }

    /** The encoded resource described by {@code headers}, if they describe it. */
    public static Optional<FhirWriter.EncodedResource> read(Headers headers, String json) {
        Optional<String> type = value(headers, TYPE);
        Optional<String> system = value(headers, IDENTIFIER_SYSTEM);
        Optional<String> id = value(headers, IDENTIFIER_VALUE);
        if (type.isEmpty() || system.isEmpty() || id.isEmpty()) {
            return Optional.empty();
        }
        List<String> devices = value(headers, DEVICES).map(d -> Arrays.asList(d.split(","))).orElse(List.of());
        return Optional.of(new FhirWriter.EncodedResource(type.get(), system.get(), id.get(), json,
                value(headers, PATIENT).orElse(null), devices,
                value(headers, EVIDENCE).map(EvidenceStub::parse).orElse(List.of())));
    }

    private static Optional<String> value(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
