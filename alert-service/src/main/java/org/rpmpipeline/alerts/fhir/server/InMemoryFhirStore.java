package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.parser.IParser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.tinylog.Logger;

/**
 * Resources by type and logical id, for the in-process FHIR server. Keeps a create's client-supplied id (the
 * pipeline's ids are deterministic) and bumps {@code meta.versionId} on every write that changes the JSON.
 * Thread-safe.
 *
 * <p>Each resource is kept as its JSON (as received in a transaction, else encoded once on write; in a
 * {@link JsonLog} per type) with its identifiers and patient indexed, not as a HAPI object graph: a graph of a
 * vital-signs Observation is an order of magnitude larger than its JSON, and keeping tens of thousands of them
 * live made the garbage collector the server's biggest cost. Reads parse the JSON again (a fresh object, so callers
 * may change it) and set the id and {@code meta.versionId} / {@code meta.lastUpdated} the store assigned.
 *
 * <p>It keeps at most {@code maxPerType} resources of each type: writing one more evicts the type's least recently
 * written resource, so a demo that runs for days does not fill the heap. An evicted resource is gone, so
 * replaying it creates it again.
 */
public final class InMemoryFhirStore {
    /** Resources by logical id, least recently written first. */
    private final Map<String, LinkedHashMap<String, Entry>> byType = new HashMap<>();
    /** Logical id by type and {@code system|value}, for conditional writes without a scan. */
    private final Map<String, Map<String, String>> idByIdentifier = new HashMap<>();
    private final Map<String, JsonLog> jsonByType = new HashMap<>();
    private final Map<String, Long> createdByType = new HashMap<>();
    private final Clock clock;
    private final int maxPerType;
    private long evicted;

    public InMemoryFhirStore(Clock clock, int maxPerType) {
        if (maxPerType < 1) {
            throw new IllegalArgumentException("maxPerType must be positive, was " + maxPerType);
        }
        this.clock = clock;
        this.maxPerType = maxPerType;
    }

    /** The outcome of a write: the written resource (with its stored id and meta) and whether it was created. */
    public record Written(Resource resource, boolean created) {
    }

    /**
     * One stored resource: its JSON and what the store indexes (identifiers as {@code system|value}; patient,
     * codes, categories and effective time for searches).
     */
    record Entry(String type, String id, long version, long lastUpdatedMillis, JsonText json,
            List<String> identifierKeys, SearchIndex index) {
        String patientId() {
            return index.patientId();
        }
    }

    public synchronized Optional<Resource> read(String type, String id) {
        return Optional.ofNullable(resources(type).get(id)).map(InMemoryFhirStore::parse);
    }

    public synchronized List<Resource> all(String type) {
        return resources(type).values().stream().map(InMemoryFhirStore::parse).toList();
    }

    /**
     * The resources of {@code type} referencing {@code Patient/patientId} (as {@code subject} or {@code patient};
     * {@code null} = any); only the matches are parsed.
     */
    public synchronized List<Resource> ofPatient(String type, String patientId) {
        return resources(type).values().stream()
                .filter(e -> patientId == null || patientId.equals(e.patientId()))
                .map(InMemoryFhirStore::parse).toList();
    }

    /**
     * The logical ids of the resources of {@code type} carrying identifier {@code system|value} ({@code system}
     * may be null), without parsing them.
     */
    public synchronized List<String> idsByIdentifier(String type, String system, String value) {
        Map<String, Entry> resources = resources(type);
        if (system != null && !system.isEmpty()) {
            String id = idByIdentifier.getOrDefault(type, Map.of()).get(system + "|" + value);
            return id == null || !resources.containsKey(id) ? List.of() : List.of(id);
        }
        List<String> out = new ArrayList<>();
        for (Entry entry : resources.values()) {
            if (entry.identifierKeys().stream().anyMatch(key -> key.endsWith("|" + value))) {
                out.add(entry.id());
            }
        }
        return out;
    }

    /** The resources of {@code type} carrying identifier {@code system|value} ({@code system} may be null). */
    public synchronized List<Resource> byIdentifier(String type, String system, String value) {
        Map<String, Entry> resources = resources(type);
        if (system != null && !system.isEmpty()) {
            String id = idByIdentifier.getOrDefault(type, Map.of()).get(system + "|" + value);
            Entry entry = id == null ? null : resources.get(id);
            return entry == null ? List.of() : List.of(parse(entry));
        }
        List<Resource> out = new ArrayList<>();
        for (Entry entry : resources.values()) {
            if (entry.identifierKeys().stream().anyMatch(key -> key.endsWith("|" + value))) {
                out.add(parse(entry));
            }
        }
        return out;
    }

    /**
     * Creates {@code resource}, kept as {@code json} (its JSON as received; {@code null} = encode it), keeping its
     * id if it has one, else assigning a random one.
     */
    synchronized Written create(Resource resource, JsonText json) {
        String id = resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart()
                : UUID.randomUUID().toString();
        return write(resource, json, id, UnaryOperator.identity());
    }

    /** Creates or replaces the resource with logical id {@code id}, kept as {@code json} ({@code null} = encode). */
    synchronized Written put(Resource resource, JsonText json, String id) {
        return write(resource, json, id, UnaryOperator.identity());
    }

    /** A copy of the entries of {@code type}, least recently written first, for a search to filter and sort. */
    synchronized List<Entry> entries(String type) {
        return new ArrayList<>(resources(type).values());
    }

    /** The entries of {@code type} about {@code Patient/patientId}. */
    synchronized List<Entry> entriesOfPatient(String type, String patientId) {
        List<Entry> out = new ArrayList<>();
        for (Entry entry : resources(type).values()) {
            if (patientId.equals(entry.patientId())) {
                out.add(entry);
            }
        }
        return out;
    }

    /** The resources of {@code type} held now. */
    public synchronized int count(String type) {
        return resources(type).size();
    }

    /** The resources of {@code type} created since the store started, evicted ones included. */
    public synchronized long created(String type) {
        return createdByType.getOrDefault(type, 0L);
    }

    /** The resources evicted to stay within the bound, all types. */
    public synchronized long evicted() {
        return evicted;
    }

    /** What a write of a resource's JSON did: whether it created the resource, and its version after it. */
    record Stored(boolean created, long version) {
    }

    /**
     * Creates or replaces the resource of {@code type} with logical id {@code id}, kept as {@code json}, with
     * {@code identifierKeys} ({@code system|value}) and {@code index} taken from that JSON by the caller (a
     * transaction read without HAPI's parser). Replacing a resource with the very same JSON changes nothing.
     */
    synchronized Stored put(String type, String id, JsonText json, List<String> identifierKeys, SearchIndex index) {
        Entry previous = resources(type).get(id);
        if (previous != null && previous.json().contentEquals(json)) {
            return new Stored(false, previous.version());
        }
        Entry written = store(type, id, json, identifierKeys, index);
        return new Stored(previous == null, written.version());
    }

    private Written write(Resource resource, JsonText json, String id, UnaryOperator<String> resolve) {
        String type = resource.fhirType();
        List<String> keys = Identifiers.of(resource).stream().map(InMemoryFhirStore::key).toList();
        Entry written = store(type, id, json != null ? json : JsonText.of(Fhir.toJson(resource)), keys,
                SearchIndex.of(resource, resolve));
        // the caller's instance gets what a read would show (for the response); the store keeps only the JSON
        resource.setId(type + "/" + id);
        resource.getMeta().setVersionId(Long.toString(written.version()));
        resource.getMeta().setLastUpdatedElement(Fhir.instant(Instant.ofEpochMilli(written.lastUpdatedMillis())));
        return new Written(resource, written.version() == 1); // version 1: nothing was there before
    }

    private Entry store(String type, String id, JsonText json, List<String> keys, SearchIndex searchIndex) {
        LinkedHashMap<String, Entry> resources = byType.computeIfAbsent(type, t -> new LinkedHashMap<>());
        Entry previous = resources.remove(id); // re-inserted below: it becomes the most recently written
        long version = previous == null ? 1 : previous.version() + 1;
        JsonText stored = jsonByType.computeIfAbsent(type, t -> new JsonLog()).append(json);
        Entry entry = new Entry(type, id, version, clock.millis(), stored, keys, searchIndex);
        resources.put(id, entry);
        Map<String, String> index = idByIdentifier.computeIfAbsent(type, t -> new HashMap<>());
        if (previous != null) {
            previous.identifierKeys().forEach(key -> index.remove(key, id));
        } else {
            createdByType.merge(type, 1L, Long::sum);
        }
        keys.forEach(key -> index.put(key, id));
        if (resources.size() > maxPerType) {
            evictEldest(resources, index);
        }
        return entry;
    }

    private Map<String, Entry> resources(String type) {
        Map<String, Entry> resources = byType.get(type);
        return resources == null ? Map.of() : resources;
    }

    private void evictEldest(LinkedHashMap<String, Entry> resources, Map<String, String> index) {
        Iterator<Entry> eldest = resources.values().iterator();
        Entry entry = eldest.next();
        eldest.remove();
        entry.identifierKeys().forEach(key -> index.remove(key, entry.id()));
        if (evicted++ == 0) {
            Logger.info("in-process FHIR server full, evicting the least recently written resources "
                    + "[max per type: {}]", maxPerType);
        }
    }

    /** How {@code identifier} is indexed: {@code system|value}. */
    static String key(Identifier identifier) {
        return key(identifier.getSystem(), identifier.getValue());
    }

    /** How an identifier is indexed: {@code system|value} (a missing part as {@code null}). */
    static String key(String system, String value) {
        return system + "|" + value;
    }

    /** The stored resource as a fresh object, with the id and meta the store assigned. */
    static Resource parse(Entry entry) {
        IParser parser = Fhir.context().newJsonParser();
        Resource resource = (Resource) parser.parseResource(entry.json().text());
        resource.setId(entry.type() + "/" + entry.id());
        resource.getMeta().setVersionId(Long.toString(entry.version()));
        resource.getMeta().setLastUpdatedElement(Fhir.instant(Instant.ofEpochMilli(entry.lastUpdatedMillis())));
        return resource;
    }

    static boolean hasIdentifier(Resource resource, String system, String value) {
        List<Identifier> identifiers = Identifiers.of(resource);
        return identifiers.stream().anyMatch(i -> value.equals(i.getValue())
                && (system == null || system.isEmpty() || system.equals(i.getSystem())));
    }
}
