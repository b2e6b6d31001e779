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
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.r4.model.Observation;

/**
 * Observations, with the searches the R4 vital-signs profile requires of a server (patient + category,
 * patient + code, each with date) and their parts: {@code patient} / {@code subject}, {@code code} and
 * {@code category} ({@code [system|]code}, comma = or), {@code date} with the R4 prefixes (repeat for a range),
 * {@code status} (e.g. {@code final}, leaving out the {@code registered} evidence placeholders), {@code identifier},
 * {@code _lastUpdated}, {@code _sort} by {@code date} or {@code _lastUpdated}, and paging with
 * {@code _count} (default 50, at most 1,000) and {@code _offset}, with {@code total}.
 */
final class ObservationProvider extends StoredResourceProvider<Observation> {
    ObservationProvider(ResourceWriter writer) {
        super(Observation.class, writer);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Observation.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Observation.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
            @OptionalParam(name = Observation.SP_CATEGORY) TokenOrListParam category,
            @OptionalParam(name = Observation.SP_DATE) DateAndListParam date,
            @OptionalParam(name = Observation.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = Observation.SP_IDENTIFIER) TokenParam identifier,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        return search(Searches.patientId(patient, subject), identifier, lastUpdated,
                Searches.tokens(code, e -> e.index().codes())
                        .and(Searches.tokens(category, e -> e.index().categories()))
                        .and(Searches.tokens(status, e -> e.index().status()))
                        .and(Searches.effective(date)),
                sort, true, offset, count);
    }
}
