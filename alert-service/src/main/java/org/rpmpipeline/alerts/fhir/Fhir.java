package org.rpmpipeline.alerts.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** The process's one R4 {@link FhirContext} and the JSON encoding every FHIR output uses. */
public final class Fhir {
    /** Media type of FHIR JSON, for Kafka headers and HTTP. */
    public static final String JSON_MEDIA_TYPE = "application/fhir+json";

    private Fhir() {
    }

    /** The shared R4 context (HAPI caches it per process; building one is expensive). */
    public static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    /** Compact JSON of {@code resource}. A parser is cheap and not thread-safe, so each call makes its own. */
    public static String toJson(IBaseResource resource) {
        return context().newJsonParser().encodeResourceToString(resource);
    }
}
