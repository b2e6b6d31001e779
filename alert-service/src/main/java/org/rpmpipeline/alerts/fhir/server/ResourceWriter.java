package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Write semantics shared by the REST operations and the transaction: conditional create
 * ({@code If-None-Exist: identifier=system|value}) returns the existing resource instead of creating a second;
 * conditional update ({@code PUT Type?identifier=system|value}) replaces the match or creates it.
 */
public final class ResourceWriter {
    private final InMemoryFhirStore store;

    public ResourceWriter(InMemoryFhirStore store) {
        this.store = store;
    }

    public InMemoryFhirStore store() {
        return store;
    }

    /** The result of a write. */
    public record Result(Resource resource, boolean created) {
        MethodOutcome toOutcome() {
            MethodOutcome outcome = new MethodOutcome(new IdType(resource.getId()).withVersion(
                    resource.getMeta().getVersionId()), created);
            outcome.setResource(resource);
            return outcome;
        }

        public String status() {
            return created ? "201 Created" : "200 OK";
        }
    }

    public Result create(Resource resource, String condition) {
        return create(resource, null, condition);
    }

    /** A (conditional) create of {@code resource}, stored as {@code json} (its JSON as received, or null). */
    Result create(Resource resource, JsonText json, String condition) {
        synchronized (store) {
            if (condition != null && !condition.isBlank()) {
                List<Resource> matches = matches(resource.fhirType(), condition);
                if (matches.size() > 1) {
                    throw new PreconditionFailedException("conditional create matched " + matches.size()
                            + " resources");
                }
                if (matches.size() == 1) {
                    return new Result(matches.get(0), false);
                }
            }
            InMemoryFhirStore.Written written = store.create(resource, json);
            return new Result(written.resource(), written.created());
        }
    }

    public Result update(Resource resource, String id, String condition) {
        return update(resource, null, id, condition);
    }

    /** An update of {@code resource} by id or condition, stored as {@code json} (its JSON as received, or null). */
    Result update(Resource resource, JsonText json, String id, String condition) {
        synchronized (store) {
            String target = id;
            if (target == null) {
                if (condition == null || condition.isBlank()) {
                    throw new InvalidRequestException("update needs an id or a condition");
                }
                List<Resource> matches = matches(resource.fhirType(), condition);
                if (matches.size() > 1) {
                    throw new PreconditionFailedException("conditional update matched " + matches.size()
                            + " resources");
                }
                target = matches.isEmpty()
                        ? (resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart()
                                : UUID.randomUUID().toString())
                        : matches.get(0).getIdElement().getIdPart();
            }
            InMemoryFhirStore.Written written = store.put(resource, json, target);
            return new Result(written.resource(), written.created());
        }
    }

    /** The ids of the resources of {@code type} matching {@code condition}, as {@link #matches}, unparsed. */
    List<String> matchingIds(String type, String condition) {
        String[] token = identifierToken(condition);
        return store.idsByIdentifier(type, token[0], token[1]);
    }

    private static String[] identifierToken(String condition) {
        String query = condition.contains("?") ? condition.substring(condition.indexOf('?') + 1) : condition;
        if (!query.startsWith("identifier=")) {
            throw new InvalidRequestException("only identifier=system|value conditions are supported: " + condition);
        }
        String token = URLDecoder.decode(query.substring("identifier=".length()), StandardCharsets.UTF_8);
        int bar = token.indexOf('|');
        return new String[] {bar < 0 ? null : token.substring(0, bar), bar < 0 ? token : token.substring(bar + 1)};
    }

    /** Resources of {@code type} matching {@code condition}; only {@code identifier=[system|]value} is supported. */
    List<Resource> matches(String type, String condition) {
        String[] token = identifierToken(condition);
        return store.byIdentifier(type, token[0], token[1]);
    }
}
