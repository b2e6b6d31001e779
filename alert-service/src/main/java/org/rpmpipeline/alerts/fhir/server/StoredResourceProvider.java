package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.server.InMemoryFhirStore.Entry;

/**
 * Read, create (plain or conditional on identifier) and update (by id or conditional on identifier) of one
 * resource type over an {@link InMemoryFhirStore}. Each subclass declares the searches its type supports with
 * HAPI's annotations, which is also what HAPI's CapabilityStatement advertises, so it states exactly those.
 */
abstract class StoredResourceProvider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;
    private final String typeName;
    private final ResourceWriter writer;

    StoredResourceProvider(Class<T> type, ResourceWriter writer) {
        this.type = type;
        this.typeName = type.getSimpleName();
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

    /** A page of this type's resources about {@code patientId} (null = any) matching {@code filter}. */
    IBundleProvider search(String patientId, TokenParam identifier, DateAndListParam lastUpdated,
            Predicate<Entry> filter, SortSpec sort, boolean sortsByDate, Integer offset, Integer count) {
        Predicate<Entry> all = Searches.identifier(identifier).and(Searches.lastUpdated(lastUpdated)).and(filter);
        return Searches.page(Searches.candidates(writer.store(), typeName, patientId), all,
                Searches.order(sort, sortsByDate), offset, count);
    }
}
