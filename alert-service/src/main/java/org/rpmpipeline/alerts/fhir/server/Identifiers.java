package org.rpmpipeline.alerts.fhir.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads identifiers and the patient reference of any resource, through HAPI's element model or from its JSON (a
 * transaction read without HAPI's parser, {@link JsonResources}).
 */
final class Identifiers {
    private Identifiers() {
    }

    static List<Identifier> of(Resource resource) {
        if (resource.getNamedProperty("identifier") == null) {
            return List.of();
        }
        return resource.getNamedProperty("identifier").getValues().stream()
                .filter(Identifier.class::isInstance).map(Identifier.class::cast).toList();
    }

    /**
     * The identifiers of a resource's JSON as the store indexes them ({@code system|value}).
     *
     * @throws IllegalArgumentException when {@code identifier} is not an Identifier or a list of them
     */
    static List<String> keys(JsonNode resource) {
        List<String> keys = new ArrayList<>();
        for (JsonNode identifier : JsonResources.oneOrMany(resource, "identifier")) {
            if (!identifier.isObject()) {
                throw new IllegalArgumentException("an identifier must be an object");
            }
            keys.add(InMemoryFhirStore.key(identifier.has("system") ? JsonResources.text(identifier, "system") : null,
                    identifier.has("value") ? JsonResources.text(identifier, "value") : null));
        }
        return keys;
    }

    /** {@link #patientId(Resource, UnaryOperator)} of a resource's JSON. */
    static Optional<String> patientId(JsonNode resource, UnaryOperator<String> resolve) {
        for (String name : List.of("subject", "patient")) {
            List<JsonNode> values = JsonResources.oneOrMany(resource, name);
            if (!values.isEmpty()) {
                JsonNode reference = values.get(0);
                if (!reference.isObject()) {
                    throw new IllegalArgumentException(name + " must be a Reference");
                }
                if (reference.has("reference")) {
                    IdType target = new IdType(resolve.apply(JsonResources.text(reference, "reference")));
                    if (target.hasIdPart() && "Patient".equals(target.getResourceType())) {
                        return Optional.of(target.getIdPart());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The id part of the resource's patient reference ({@code subject} or {@code patient}), if any. */
    static Optional<String> patientId(Resource resource) {
        return patientId(resource, UnaryOperator.identity());
    }

    /**
     * The id part of the resource's patient reference, after {@code resolve} (which maps a transaction's
     * {@code urn:uuid} references to the resource they stand for).
     */
    static Optional<String> patientId(Resource resource, UnaryOperator<String> resolve) {
        for (String name : List.of("subject", "patient")) {
            var property = resource.getNamedProperty(name);
            if (property != null && property.hasValues()) {
                Base value = property.getValues().get(0);
                if (value instanceof Reference reference && reference.hasReference()) {
                    IdType target = new IdType(resolve.apply(reference.getReference()));
                    if (target.hasIdPart() && "Patient".equals(target.getResourceType())) {
                        return Optional.of(target.getIdPart());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
