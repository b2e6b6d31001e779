package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.rpmpipeline.alerts.fhir.Fhir;

/**
 * HAPI's plain RESTful server with in-memory resource providers for Observation, DetectedIssue, RiskAssessment,
 * Communication, Patient and Device, plus system transactions: the FHIR server of the demo and of the tests.
 * Mounted by the HTTP API at {@code /fhir}. State lives only in memory, at most {@code maxPerType} resources of
 * each type ({@link InMemoryFhirStore}). Searches are declared with HAPI's annotations (so its CapabilityStatement
 * lists exactly them) and answered from the store's indexes ({@link Searches}), paged by offset. JSON transactions
 * are read without HAPI's parser ({@link JsonTransactions}).
 */
public final class FhirServer {
    /** Resources of one type kept by default: 100,000 vital-signs Observations take about 220 MB of heap. */
    public static final int DEFAULT_MAX_PER_TYPE = 100_000;

    private final InMemoryFhirStore store;
    private final RestfulServer servlet;

    public FhirServer(Clock clock) {
        this(clock, DEFAULT_MAX_PER_TYPE);
    }

    public FhirServer(Clock clock, int maxPerType) {
        this.store = new InMemoryFhirStore(clock, maxPerType);
        ResourceWriter writer = new ResourceWriter(store);
        servlet = new RestfulServer(Fhir.context());
        servlet.setDefaultResponseEncoding(EncodingEnum.JSON);
        // searches page by _offset/_count without storing results (no paging provider): bounded memory
        servlet.setDefaultPageSize(Searches.DEFAULT_PAGE);
        servlet.setMaximumPageSize(Searches.MAX_PAGE);
        servlet.setResourceProviders(List.of(
                new ObservationProvider(writer),
                new PatientResourceProvider<>(DetectedIssue.class, writer),
                new SubjectResourceProvider<>(RiskAssessment.class, writer),
                new SubjectResourceProvider<>(Communication.class, writer),
                new IdentifiedResourceProvider<>(Patient.class, writer),
                new IdentifiedResourceProvider<>(Device.class, writer)));
        TransactionProvider transactions = new TransactionProvider(writer);
        servlet.registerProvider(transactions);
        servlet.registerInterceptor(new JsonTransactions(transactions));
    }

    /** The servlet to mount (at {@code /fhir/*}). */
    public RestfulServer servlet() {
        return servlet;
    }

    public InMemoryFhirStore store() {
        return store;
    }
}
