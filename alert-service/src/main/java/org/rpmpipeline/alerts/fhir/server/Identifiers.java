package org.rpmpipeline.alerts.fhir.server;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Base;
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
        for (String name : List.of("subject", "patient")) {
            var property = resource.getNamedProperty(name);
            if (property != null && property.hasValues()) {
                Base value = property.getValues().get(0);
                if (value instanceof Reference reference && reference.getReferenceElement().hasIdPart()
                        && "Patient".equals(reference.getReferenceElement().getResourceType())) {
                    return Optional.of(reference.getReferenceElement().getIdPart());
                }
            }
        }
        return Optional.empty();
    }
}
