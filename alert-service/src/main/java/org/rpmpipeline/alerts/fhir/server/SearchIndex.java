package org.rpmpipeline.alerts.fhir.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the in-process server searches a stored resource by, taken once when it is written: the patient it is
 * about, and for an Observation its codes, categories and status ({@code system|code}) and its effective time as
 * the range of instants it covers (a dateTime of day precision covers the whole day; an open period end is open).
 */
record SearchIndex(String patientId, List<String> codes, List<String> categories, List<String> status,
        long effectiveLow, long effectiveHigh) {
    static final long NONE = Long.MIN_VALUE;
    /** The code system of {@code Observation.status} (a token search matches it as {@code system|code}). */
    static final String OBSERVATION_STATUS_SYSTEM = "http://hl7.org/fhir/observation-status";

    /** The index of {@code resource}; {@code resolve} maps a reference as written to the one it stands for. */
    static SearchIndex of(Resource resource, UnaryOperator<String> resolve) {
        String patient = Identifiers.patientId(resource, resolve).orElse(null);
        if (!(resource instanceof Observation observation)) {
            return new SearchIndex(patient, List.of(), List.of(), List.of(), NONE, NONE);
        }
        long low = NONE;
        long high = NONE;
        if (observation.hasEffectiveDateTimeType()) {
            long[] range = range(observation.getEffectiveDateTimeType());
            low = range[0];
            high = range[1];
        } else if (observation.hasEffectivePeriod()) {
            Period period = observation.getEffectivePeriod();
            low = period.hasStart() ? range(period.getStartElement())[0] : Long.MIN_VALUE + 1;
            high = period.hasEnd() ? range(period.getEndElement())[1] : Long.MAX_VALUE;
        } else if (observation.hasEffectiveInstantType()) {
            low = observation.getEffectiveInstantType().getValue().getTime();
            high = low;
        }
        List<String> status = observation.hasStatus()
                ? List.of(OBSERVATION_STATUS_SYSTEM + "|" + observation.getStatus().toCode()) : List.of();
        return new SearchIndex(patient, tokens(List.of(observation.getCode())), tokens(observation.getCategory()),
                status, low, high);
    }

    /**
     * The same index from a resource's JSON ({@link JsonResources}: a transaction read without HAPI's parser).
     *
     * @throws IllegalArgumentException when an indexed element does not have its R4 JSON form
     */
    static SearchIndex of(String type, JsonNode resource, UnaryOperator<String> resolve) {
        String patient = Identifiers.patientId(resource, resolve).orElse(null);
        if (!"Observation".equals(type)) {
            return new SearchIndex(patient, List.of(), List.of(), List.of(), NONE, NONE);
        }
        long low = NONE;
        long high = NONE;
        if (resource.has("effectiveDateTime")) {
            long[] range = DateRanges.of(JsonResources.text(resource, "effectiveDateTime"));
            low = range[0];
            high = range[1];
        } else if (resource.has("effectivePeriod")) {
            JsonNode period = JsonResources.object(resource, "effectivePeriod");
            low = period.has("start") ? DateRanges.of(JsonResources.text(period, "start"))[0] : Long.MIN_VALUE + 1;
            high = period.has("end") ? DateRanges.of(JsonResources.text(period, "end"))[1] : Long.MAX_VALUE;
        } else if (resource.has("effectiveInstant")) {
            low = DateRanges.of(JsonResources.text(resource, "effectiveInstant"))[0];
            high = low;
        }
        List<String> status = List.of();
        if (resource.has("status")) {
            String code = JsonResources.text(resource, "status");
            try {
                status = List.of(OBSERVATION_STATUS_SYSTEM + "|"
                        + Observation.ObservationStatus.fromCode(code).toCode());
            } catch (org.hl7.fhir.exceptions.FHIRException e) {
                throw new IllegalArgumentException("Observation.status: unknown code " + code, e);
            }
        }
        List<String> codes = new ArrayList<>();
        if (resource.has("code")) {
            tokens(JsonResources.object(resource, "code"), codes);
        }
        List<String> categories = new ArrayList<>();
        for (JsonNode category : JsonResources.array(resource, "category")) {
            tokens(category, categories);
        }
        return new SearchIndex(patient, List.copyOf(codes), List.copyOf(categories), status, low, high);
    }

    /** The {@code system|code} of each coding of a CodeableConcept with a code (a missing system as empty). */
    private static void tokens(JsonNode concept, List<String> out) {
        if (!concept.isObject()) {
            throw new IllegalArgumentException("a CodeableConcept must be an object");
        }
        for (JsonNode coding : JsonResources.array(concept, "coding")) {
            if (!coding.isObject()) {
                throw new IllegalArgumentException("a Coding must be an object");
            }
            String code = coding.has("code") ? JsonResources.text(coding, "code") : null;
            if (code != null && !code.isEmpty()) {
                String system = coding.has("system") ? JsonResources.text(coding, "system") : "";
                out.add(system + "|" + code);
            }
        }
    }

    /** This index about {@code patient} instead (the same resource once its references are resolved). */
    SearchIndex withPatient(String patient) {
        return new SearchIndex(patient, codes, categories, status, effectiveLow, effectiveHigh);
    }

    boolean hasEffective() {
        return effectiveLow != NONE;
    }

    private static List<String> tokens(List<CodeableConcept> concepts) {
        return concepts.stream().flatMap(c -> c.getCoding().stream()).filter(Coding::hasCode)
                .map(c -> (c.hasSystem() ? c.getSystem() : "") + "|" + c.getCode()).toList();
    }

    /** The first and last millisecond a date or dateTime of any precision covers. */
    static long[] range(BaseDateTimeType value) {
        return DateRanges.of(value.getValueAsString());
    }
}
