package org.rpmpipeline.alerts.fhir.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * Resources by type and logical id, for the in-process FHIR server. Keeps a create's client-supplied id (the
 * pipeline's ids are deterministic) and bumps {@code meta.versionId} on every write. Thread-safe; a written
 * resource belongs to the store afterwards, reads return copies.
 */
public final class InMemoryFhirStore {
    private final Map<String, Map<String, Resource>> byType = new HashMap<>();
    /** Logical id by type and {@code system|value}, for conditional writes without a scan. */
    private final Map<String, Map<String, String>> idByIdentifier = new HashMap<>();
    private final Clock clock;

    public InMemoryFhirStore(Clock clock) {
        this.clock = clock;
    }

    /** The outcome of a write: the stored resource (read-only for the caller) and whether it was created. */
    public record Written(Resource resource, boolean created) {
    }

    public synchronized Optional<Resource> read(String type, String id) {
        return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(id)).map(Resource::copy);
    }

    public synchronized List<Resource> all(String type) {
        return byType.getOrDefault(type, Map.of()).values().stream().map(Resource::copy).toList();
    }

    /** The resources of {@code type} carrying identifier {@code system|value} ({@code system} may be null). */
    public synchronized List<Resource> byIdentifier(String type, String system, String value) {
        if (system != null && !system.isEmpty()) {
            String id = idByIdentifier.getOrDefault(type, Map.of()).get(system + "|" + value);
            Resource resource = id == null ? null : byType.get(type).get(id);
            return resource == null ? List.of() : List.of(resource.copy());
        }
        List<Resource> out = new ArrayList<>();
        for (Resource resource : byType.getOrDefault(type, Map.of()).values()) {
            if (resource instanceof DomainResource && hasIdentifier(resource, system, value)) {
                out.add(resource.copy());
            }
        }
        return out;
    }

    /** Creates {@code resource}, keeping its id if it has one, else assigning a random one. */
    public synchronized Written create(Resource resource) {
        String id = resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart()
                : UUID.randomUUID().toString();
        return write(resource, id);
    }

    /** Creates or replaces the resource with logical id {@code id}. */
    public synchronized Written put(Resource resource, String id) {
        return write(resource, id);
    }

    public synchronized int count(String type) {
        return byType.getOrDefault(type, Map.of()).size();
    }

    private Written write(Resource resource, String id) {
        String type = resource.fhirType();
        Map<String, Resource> resources = byType.computeIfAbsent(type, t -> new LinkedHashMap<>());
        Resource previous = resources.get(id);
        long version = previous == null ? 1 : Long.parseLong(previous.getMeta().getVersionId()) + 1;
        // the caller hands over a freshly parsed resource and does not touch it again: no defensive copy
        Resource stored = resource;
        stored.setId(type + "/" + id);
        stored.getMeta().setVersionId(Long.toString(version));
        stored.getMeta().setLastUpdated(Date.from(clock.instant()));
        resources.put(id, stored);
        Map<String, String> index = idByIdentifier.computeIfAbsent(type, t -> new HashMap<>());
        if (previous != null) {
            Identifiers.of(previous).forEach(i -> index.remove(i.getSystem() + "|" + i.getValue(), id));
        }
        Identifiers.of(stored).forEach(i -> index.put(i.getSystem() + "|" + i.getValue(), id));
        return new Written(stored, previous == null);
    }

    static boolean hasIdentifier(Resource resource, String system, String value) {
        List<Identifier> identifiers = Identifiers.of(resource);
        return identifiers.stream().anyMatch(i -> value.equals(i.getValue())
                && (system == null || system.isEmpty() || system.equals(i.getSystem())));
    }
}
