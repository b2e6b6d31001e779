package org.rpmpipeline.alerts.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

/** The process's one R4 {@link FhirContext} and the JSON encoding every FHIR output uses. */
public final class Fhir {
    /** Media type of FHIR JSON, for Kafka headers and HTTP. */
    public static final String JSON_MEDIA_TYPE = "application/fhir+json";
    /** Shared, never changed: HAPI's date types keep the zone they are given and only read it. */
    private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);

    private Fhir() {
    }

    /**
     * The service's one R4 context, built once (building one is expensive). Its parsers do not look for
     * references to in-memory resources without an id to put them in {@code contained}: every reference this
     * service writes is a literal {@code Type/id} or {@code urn:uuid}, and that search walked every element of
     * every resource encoded, about a quarter of the time an Observation took to encode.
     */
    public static FhirContext context() {
        return Holder.CONTEXT;
    }

    private static final class Holder {
        static final FhirContext CONTEXT = build();

        private static FhirContext build() {
            FhirContext context = FhirContext.forR4();
            context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
            return context;
        }
    }

    /** {@code instant} as a FHIR dateTime in UTC: the same text whatever the JVM's default time zone. */
    public static DateTimeType dateTime(Instant instant, TemporalPrecisionEnum precision) {
        return new DateTimeType(Date.from(instant), precision, UTC);
    }

    /** {@code instant} as a FHIR instant (milliseconds) in UTC, whatever the JVM's default time zone. */
    public static InstantType instant(Instant instant) {
        return new InstantType(Date.from(instant), TemporalPrecisionEnum.MILLI, UTC);
    }

    /** Compact JSON of {@code resource}. A parser is cheap and not thread-safe, so each call makes its own. */
    public static String toJson(IBaseResource resource) {
        return context().newJsonParser().encodeResourceToString(resource);
    }
}
