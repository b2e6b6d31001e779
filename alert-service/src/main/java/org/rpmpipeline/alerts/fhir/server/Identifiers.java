package org.rpmpipeline.alerts.fhir.server;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Reads identifiers and the patient reference of any resource through HAPI's element model. */
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
