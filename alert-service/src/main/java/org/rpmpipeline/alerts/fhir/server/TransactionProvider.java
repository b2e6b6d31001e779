package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.Fhir;

/**
 * A system-level transaction, applied as a whole while holding the store's lock: POST entries are (conditional)
 * creates, PUT entries (conditional) updates, processed POSTs first (as HAPI's JPA server does), so a retried
 * bundle changes nothing. An entry's {@code urn:uuid} full URL stands for the resource it creates or matches:
 * references to it in the other entries are pointed at that resource, and a resource created without a logical id
 * takes the UUID as one. HAPI parses (and so checks) the bundle; the store keeps each entry's resource as the JSON
 * it arrived in ({@link BundleEntries}), its references resolved, so nothing is encoded again.
 */
public final class TransactionProvider {
    private final ResourceWriter writer;

    public TransactionProvider(ResourceWriter writer) {
        this.writer = writer;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        List<JsonText> raw = BundleEntries.resourceJson(request, bundle.getEntry().size());
        synchronized (writer.store()) {
            return new Run(bundle.getEntry(), raw).apply();
        }
    }

    /** One transaction: where each entry goes, then the writes. */
    private final class Run {
        private final List<Bundle.BundleEntryComponent> entries;
        private final List<JsonText> raw;
        private final String[] targets;
        private final boolean[] writes;
        private final Map<String, String> byFullUrl = new HashMap<>();
        /** Targets of this transaction's conditional entries, so duplicates within it meet the same resource. */
        private final Map<String, String> byCondition = new HashMap<>();

        Run(List<Bundle.BundleEntryComponent> entries, List<JsonText> raw) {
            this.entries = entries;
            this.raw = raw;
            this.targets = new String[entries.size()];
            this.writes = new boolean[entries.size()];
        }

        Bundle apply() {
            List<Integer> order = new ArrayList<>();
            for (Bundle.HTTPVerb verb : List.of(Bundle.HTTPVerb.POST, Bundle.HTTPVerb.PUT)) {
                for (int i = 0; i < entries.size(); i++) {
                    Bundle.BundleEntryComponent entry = entries.get(i);
                    if (entry.getResource() == null || entry.getRequest().getMethod() == null) {
                        throw new InvalidRequestException("each entry needs a resource and a request method");
                    }
                    Bundle.HTTPVerb method = entry.getRequest().getMethod();
                    if (method != Bundle.HTTPVerb.POST && method != Bundle.HTTPVerb.PUT) {
                        throw new InvalidRequestException("unsupported method " + method);
                    }
                    if (method == verb) {
                        order.add(i);
                    }
                }
            }
            order.forEach(this::target);
            String[] statuses = new String[entries.size()];
            for (int i : order) {
                statuses[i] = write(i);
            }
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (int i = 0; i < entries.size(); i++) {
                response.addEntry().setResponse(new Bundle.BundleEntryResponseComponent().setStatus(statuses[i])
                        .setLocation(entries.get(i).getResource().fhirType() + "/" + targets[i]));
            }
            return response;
        }

        /** Decides the logical id entry {@code i} writes to or matched, and whether it writes. */
        private void target(int i) {
            Bundle.BundleEntryComponent entry = entries.get(i);
            Resource resource = entry.getResource();
            String type = resource.fhirType();
            Bundle.BundleEntryRequestComponent request = entry.getRequest();
            String condition = null;
            String target = null;
            if (request.getMethod() == Bundle.HTTPVerb.POST) {
                condition = blankToNull(request.getIfNoneExist());
            } else if (request.getUrl() != null && request.getUrl().contains("?")) {
                condition = request.getUrl();
            } else {
                target = idOf(request.getUrl());
            }
            boolean write = true;
            if (condition != null) {
                String key = request.getMethod() + " " + type + " " + condition;
                String pending = byCondition.get(key);
                List<String> matches = writer.matchingIds(type, condition);
                if (matches.size() > 1) {
                    throw new PreconditionFailedException("conditional " + request.getMethod() + " matched "
                            + matches.size() + " resources: " + condition);
                }
                if (pending != null) {
                    target = pending;
                    write = request.getMethod() == Bundle.HTTPVerb.PUT;
                } else if (matches.size() == 1) {
                    target = matches.get(0);
                    write = request.getMethod() == Bundle.HTTPVerb.PUT;
                } else {
                    target = newId(i);
                }
                byCondition.put(key, target);
            }
            targets[i] = target;
            writes[i] = write;
            String fullUrl = entry.getFullUrl();
            if (fullUrl != null && fullUrl.startsWith("urn:")) {
                byFullUrl.put(fullUrl, type + "/" + target);
            }
        }

        /** The id of a resource the entry creates: its own, else its urn:uuid full URL's, else a random one. */
        private String newId(int i) {
            Bundle.BundleEntryComponent entry = entries.get(i);
            String own = raw == null || raw.get(i) == null ? null : UrnReferences.leadingId(raw.get(i));
            IdType parsed = entry.getResource().getIdElement();
            if (own == null && parsed.hasIdPart() && !parsed.getValue().startsWith("urn:")) {
                own = parsed.getIdPart();
            }
            String fullUrl = entry.getFullUrl();
            if (own == null && fullUrl != null && fullUrl.startsWith("urn:uuid:")) {
                own = fullUrl.substring("urn:uuid:".length());
            }
            return own != null ? own : UUID.randomUUID().toString();
        }

        private String write(int i) {
            Resource resource = entries.get(i).getResource();
            if (!writes[i]) {
                return "200 OK";
            }
            JsonText json = raw == null || raw.get(i) == null ? JsonText.of(Fhir.toJson(resource)) : raw.get(i);
            json = UrnReferences.resolve(json, byFullUrl);
            boolean existed = writer.store().exists(resource.fhirType(), targets[i]);
            writer.store().put(resource, json, targets[i], reference -> byFullUrl.getOrDefault(reference, reference));
            return existed ? "200 OK" : "201 Created";
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String idOf(String url) {
        if (url == null || !url.contains("/")) {
            throw new InvalidRequestException("PUT needs Type/id or Type?identifier=... , was " + url);
        }
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
