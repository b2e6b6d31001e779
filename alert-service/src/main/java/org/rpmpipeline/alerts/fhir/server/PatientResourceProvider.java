package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.r4.model.Resource;

/**
 * A type whose R4 patient search parameter is {@code patient} only (DetectedIssue): searched by it,
 * {@code identifier} and {@code _lastUpdated}, sorted by {@code _lastUpdated}, paged like Observations.
 */
final class PatientResourceProvider<T extends Resource> extends StoredResourceProvider<T> {
    PatientResourceProvider(Class<T> type, ResourceWriter writer) {
        super(type, writer);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "identifier") TokenParam identifier,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        return search(Searches.patientId(patient, null), identifier, lastUpdated, e -> true, sort, false,
                offset, count);
    }
}
