package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A system-level transaction: POST entries are (conditional) creates, PUT entries (conditional) updates, applied
 * in order while holding the store's lock, so a retried bundle of conditional creates changes nothing. HAPI
 * parses (and so checks) the bundle; the store keeps each entry's resource as the JSON it arrived in
 * ({@link BundleEntries}), so nothing is encoded again.
 */
public final class TransactionProvider {
    private final ResourceWriter writer;

    public TransactionProvider(ResourceWriter writer) {
        this.writer = writer;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        List<JsonText> raw = BundleEntries.resourceJson(request, bundle.getEntry().size());
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        synchronized (writer.store()) {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                response.addEntry().setResponse(apply(bundle.getEntry().get(i), raw == null ? null : raw.get(i)));
            }
        }
        return response;
    }

    private Bundle.BundleEntryResponseComponent apply(Bundle.BundleEntryComponent entry, JsonText json) {
        Resource resource = entry.getResource();
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        if (resource == null || request.getMethod() == null) {
            throw new InvalidRequestException("each entry needs a resource and a request method");
        }
        ResourceWriter.Result result = switch (request.getMethod()) {
            case POST -> writer.create(resource, json, request.getIfNoneExist());
            case PUT -> request.getUrl() != null && request.getUrl().contains("?")
                    ? writer.update(resource, json, null, request.getUrl())
                    : writer.update(resource, json, idOf(request.getUrl()), null);
            default -> throw new InvalidRequestException("unsupported method " + request.getMethod());
        };
        return new Bundle.BundleEntryResponseComponent().setStatus(result.status())
                .setLocation(result.resource().getIdElement().toUnqualified().getValue());
    }

    private static String idOf(String url) {
        if (url == null || !url.contains("/")) {
            throw new InvalidRequestException("PUT needs Type/id or Type?identifier=... , was " + url);
        }
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
