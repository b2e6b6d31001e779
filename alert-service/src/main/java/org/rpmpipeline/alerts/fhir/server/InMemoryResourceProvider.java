package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Read, create (plain or conditional on identifier), update (by id or conditional on identifier) and search by
 * {@code patient} / {@code subject} / {@code identifier} for one resource type, over an {@link InMemoryFhirStore}.
 */
public final class InMemoryResourceProvider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;
    private final String typeName;
    private final ResourceWriter writer;

    public InMemoryResourceProvider(Class<T> type, String typeName, ResourceWriter writer) {
        this.type = type;
        this.typeName = typeName;
        this.writer = writer;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Read
    public T read(@IdParam IdType id) {
        return writer.store().read(typeName, id.getIdPart()).map(type::cast)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Create
    public MethodOutcome create(@ResourceParam T resource, @ConditionalUrlParam String conditional) {
        return writer.create(resource, conditional).toOutcome();
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource,
            @ConditionalUrlParam String conditional) {
        return writer.update(resource, id == null ? null : id.getIdPart(), conditional).toOutcome();
    }

    @Search
    public List<T> search(@OptionalParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "subject") ReferenceParam subject,
            @OptionalParam(name = "identifier") TokenParam identifier) {
        String patientId = patient != null ? patient.getIdPart() : subject != null ? subject.getIdPart() : null;
        return writer.store().ofPatient(typeName, patientId).stream()
                .filter(r -> matchesPatient(r, patient) && matchesPatient(r, subject))
                .filter(r -> identifier == null
                        || InMemoryFhirStore.hasIdentifier(r, identifier.getSystem(), identifier.getValue()))
                .map(type::cast).toList();
    }

    private static boolean matchesPatient(Resource resource, ReferenceParam param) {
        return param == null || Identifiers.patientId(resource).map(param.getIdPart()::equals).orElse(false);
    }
}
