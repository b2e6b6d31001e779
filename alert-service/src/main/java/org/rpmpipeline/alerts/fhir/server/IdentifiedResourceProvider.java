package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.r4.model.Resource;

/**
 * Patient and Device: the minimal resources the pipeline's references point at, searched by {@code identifier}
 * and {@code _lastUpdated}, sorted by {@code _lastUpdated}, paged like Observations.
 */
final class IdentifiedResourceProvider<T extends Resource> extends StoredResourceProvider<T> {
    IdentifiedResourceProvider(Class<T> type, ResourceWriter writer) {
        super(type, writer);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "identifier") TokenParam identifier,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        return search(null, identifier, lastUpdated, e -> true, sort, false, offset, count);
    }
}
