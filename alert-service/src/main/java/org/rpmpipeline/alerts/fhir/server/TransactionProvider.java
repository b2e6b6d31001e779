package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.Fhir;

/**
 * A system-level transaction, applied as a whole while holding the store's lock: POST entries are (conditional)
 * creates, PUT entries (conditional) updates, processed POSTs first (as HAPI's JPA server does), so a retried
 * bundle changes nothing. An entry's {@code urn:uuid} full URL stands for the resource it creates or matches:
 * references to it in the other entries are pointed at that resource, and a resource created without a logical id
 * takes the UUID as one. The store keeps each entry's resource as the JSON it arrived in ({@link BundleEntries}),
 * its references resolved, so nothing is encoded again.
 *
 * <p>A JSON transaction is read without HAPI's parser ({@link #transactionJson}, called by {@link JsonTransactions}
 * before HAPI would parse the body): one streaming pass cuts out each entry's request and resource, and each
 * resource is read as a Jackson tree for what the store indexes (type, id, identifiers, patient reference, and an
 * Observation's code, category, status and effective time), each of which must have its R4 JSON form. Building
 * HAPI's object model of every resource only to read those was most of this server's CPU under the pipeline's
 * load. The rest of a resource is stored as sent, unchecked: writing needs the admin role, and a resource that
 * HAPI cannot read back fails its reads, not the server. Any other body (XML) goes through HAPI's parser to
 * {@link #transaction}, to the same rules.
 */
public final class TransactionProvider {
    /** The R4 id datatype. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Set<String> RESOURCE_TYPES = Fhir.context().getResourceTypes();

    private final ResourceWriter writer;

    public TransactionProvider(ResourceWriter writer) {
        this.writer = writer;
    }

    /** One entry however it was read: its request, its resource's JSON and what the store indexes of it. */
    private record Entry(String fullUrl, String method, String url, String ifNoneExist, String type, String ownId,
            JsonText json, List<String> identifierKeys, Indexer indexer) {
    }

    /** The search index of an entry's resource, given how its references resolve. */
    private interface Indexer {
        SearchIndex index(UnaryOperator<String> resolve);
    }

    /** What one entry came to. */
    private record Outcome(String status, String location) {
    }

    /** A transaction HAPI parsed (any body {@link JsonTransactions} left to HAPI, e.g. XML). */
    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        List<JsonText> raw = BundleEntries.resourceJson(request, bundle.getEntry().size());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            entries.add(entry(bundle.getEntry().get(i), raw == null ? null : raw.get(i)));
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Outcome outcome : apply(entries)) {
            response.addEntry().setResponse(new Bundle.BundleEntryResponseComponent().setStatus(outcome.status())
                    .setLocation(outcome.location()));
        }
        return response;
    }

    /**
     * The transaction-response JSON for the JSON transaction {@code body}, or empty when {@code body} is not a
     * transaction bundle (HAPI then answers it as it would any other request).
     *
     * @throws InvalidRequestException when the bundle or an entry is malformed (nothing is written)
     */
    public Optional<byte[]> transactionJson(byte[] body) {
        Optional<List<BundleEntries.Raw>> read;
        try {
            read = BundleEntries.transaction(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the transaction is not well-formed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // read from memory: does not happen
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < read.get().size(); i++) {
            entries.add(entry(read.get().get(i), i));
        }
        return Optional.of(responseJson(apply(entries)));
    }

    private List<Outcome> apply(List<Entry> entries) {
        synchronized (writer.store()) {
            return new Run(entries).apply();
        }
    }

    private static Entry entry(Bundle.BundleEntryComponent entry, JsonText raw) {
        Resource resource = entry.getResource();
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        String method = request.getMethod() == null ? null : request.getMethod().toCode();
        if (resource == null) {
            return new Entry(entry.getFullUrl(), method, request.getUrl(), request.getIfNoneExist(), null, null, null,
                    List.of(), null);
        }
        String own = raw == null ? null : UrnReferences.leadingId(raw);
        IdType parsed = resource.getIdElement();
        if (own == null && parsed.hasIdPart() && !parsed.getValue().startsWith("urn:")) {
            own = parsed.getIdPart();
        }
        List<String> keys = Identifiers.of(resource).stream()
                .map(InMemoryFhirStore::key).toList();
        return new Entry(entry.getFullUrl(), method, request.getUrl(), request.getIfNoneExist(),
                resource.fhirType(), own, raw == null ? JsonText.of(Fhir.toJson(resource)) : raw, keys,
                resolve -> SearchIndex.of(resource, resolve));
    }

    private static Entry entry(BundleEntries.Raw raw, int i) {
        if (raw.resource() == null) {
            return new Entry(raw.fullUrl(), raw.method(), raw.url(), raw.ifNoneExist(), null, null, null, List.of(),
                    null);
        }
        try {
            JsonNode tree = BundleEntries.tree(raw.resource());
            if (!tree.isObject()) {
                throw new IllegalArgumentException("the resource must be an object");
            }
            String type = JsonResources.text(tree, "resourceType");
            if (!RESOURCE_TYPES.contains(type)) {
                throw new IllegalArgumentException("unknown resource type " + type);
            }
            String id = tree.has("id") ? JsonResources.text(tree, "id") : null;
            if (id != null && !FHIR_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("id is not a FHIR id");
            }
            if (id == null && raw.fullUrl() != null && !raw.fullUrl().startsWith("urn:")) {
                IdType fromUrl = new IdType(raw.fullUrl());
                id = fromUrl.hasIdPart() ? fromUrl.getIdPart() : null;
            }
            List<String> keys = Identifiers.keys(tree);
            // every indexed element checked before any write; once the references are resolved only the patient
            // can differ
            SearchIndex checked = SearchIndex.of(type, tree, UnaryOperator.identity());
            return new Entry(raw.fullUrl(), raw.method(), raw.url(), raw.ifNoneExist(), type, id, raw.resource(),
                    keys, resolve -> checked.withPatient(Identifiers.patientId(tree, resolve).orElse(null)));
        } catch (IOException e) {
            throw new InvalidRequestException("entry " + i + ": the resource is not well-formed JSON");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("entry " + i + ": " + e.getMessage());
        }
    }

    private static byte[] responseJson(List<Outcome> outcomes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 80 * outcomes.size());
        try (JsonGenerator json = BundleEntries.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("resourceType", "Bundle");
            json.writeStringField("type", "transaction-response");
            json.writeArrayFieldStart("entry");
            for (Outcome outcome : outcomes) {
                json.writeStartObject();
                json.writeObjectFieldStart("response");
                json.writeStringField("status", outcome.status());
                json.writeStringField("location", outcome.location());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return out.toByteArray();
    }

    /** One transaction: where each entry goes, then the writes. */
    private final class Run {
        private final List<Entry> entries;
        private final String[] targets;
        private final boolean[] writes;
        private final Map<String, String> byFullUrl = new HashMap<>();
        /** Targets of this transaction's conditional entries, so duplicates within it meet the same resource. */
        private final Map<String, String> byCondition = new HashMap<>();

        Run(List<Entry> entries) {
            this.entries = entries;
            this.targets = new String[entries.size()];
            this.writes = new boolean[entries.size()];
        }

        List<Outcome> apply() {
            List<Integer> order = new ArrayList<>();
            for (String verb : List.of("POST", "PUT")) {
                for (int i = 0; i < entries.size(); i++) {
                    Entry entry = entries.get(i);
                    if (entry.type() == null || entry.method() == null) {
                        throw new InvalidRequestException("each entry needs a resource and a request method");
                    }
                    if (!entry.method().equals("POST") && !entry.method().equals("PUT")) {
                        throw new InvalidRequestException("unsupported method " + entry.method());
                    }
                    if (entry.method().equals(verb)) {
                        order.add(i);
                    }
                }
            }
            order.forEach(this::target);
            // every index is taken before the first write, so a malformed entry writes nothing
            UnaryOperator<String> resolve = reference -> byFullUrl.getOrDefault(reference, reference);
            SearchIndex[] indexes = new SearchIndex[entries.size()];
            for (int i : order) {
                if (writes[i]) {
                    try {
                        indexes[i] = entries.get(i).indexer().index(resolve);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidRequestException("entry " + i + ": " + e.getMessage());
                    }
                }
            }
            String[] statuses = new String[entries.size()];
            for (int i : order) {
                statuses[i] = write(i, indexes[i]);
            }
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                out.add(new Outcome(statuses[i], entries.get(i).type() + "/" + targets[i]));
            }
            return out;
        }

        /** Decides the logical id entry {@code i} writes to or matched, and whether it writes. */
        private void target(int i) {
            Entry entry = entries.get(i);
            String type = entry.type();
            boolean post = entry.method().equals("POST");
            String condition = null;
            String target = null;
            if (post) {
                condition = blankToNull(entry.ifNoneExist());
            } else if (entry.url() != null && entry.url().contains("?")) {
                condition = entry.url();
            } else {
                target = idOf(entry.url());
            }
            boolean write = true;
            if (condition != null) {
                String key = entry.method() + " " + type + " " + condition;
                String pending = byCondition.get(key);
                List<String> matches = writer.matchingIds(type, condition);
                if (matches.size() > 1) {
                    throw new PreconditionFailedException("conditional " + entry.method() + " matched "
                            + matches.size() + " resources: " + condition);
                }
                if (pending != null) {
                    target = pending;
                    write = !post;
                } else if (matches.size() == 1) {
                    target = matches.get(0);
                    write = !post;
                } else {
                    target = newId(entry);
                }
                byCondition.put(key, target);
            }
            targets[i] = target;
            writes[i] = write;
            String fullUrl = entry.fullUrl();
            if (fullUrl != null && fullUrl.startsWith("urn:")) {
                byFullUrl.put(fullUrl, type + "/" + target);
            }
        }

        /** The id of a resource the entry creates: its own, else its urn:uuid full URL's, else a random one. */
        private static String newId(Entry entry) {
            String own = entry.ownId();
            String fullUrl = entry.fullUrl();
            if (own == null && fullUrl != null && fullUrl.startsWith("urn:uuid:")) {
                own = fullUrl.substring("urn:uuid:".length());
            }
            return own != null ? own : UUID.randomUUID().toString();
        }

        private String write(int i, SearchIndex index) {
            if (!writes[i]) {
                return "200 OK";
            }
            Entry entry = entries.get(i);
            JsonText json = UrnReferences.resolve(entry.json(), byFullUrl);
            return writer.store().put(entry.type(), targets[i], json, entry.identifierKeys(), index).created()
                    ? "201 Created" : "200 OK";
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
