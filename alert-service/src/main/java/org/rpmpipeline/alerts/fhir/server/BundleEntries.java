package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON text of each {@code entry[i].resource} of a JSON bundle as it arrived, cut out of the request body with
 * Jackson's streaming parser (one pass, no object tree), so the store can keep exactly what it received. A key
 * that appears twice in one object is an error, not "the last one wins".
 */
final class BundleEntries {
    static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper TREES = new ObjectMapper(JSON);

    /** One entry of a transaction as sent: its full URL, request and resource JSON (each may be missing). */
    record Raw(String fullUrl, String method, String url, String ifNoneExist, JsonText resource) {
    }

    private BundleEntries() {
    }

    /**
     * The resource JSON of each entry, in order ({@code null} for an entry without a resource), or {@code null}
     * when the request is not JSON or does not have {@code expected} entries (the caller then encodes).
     */
    static List<JsonText> resourceJson(RequestDetails request, int expected) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return null;
        }
        byte[] body = request.loadRequestContents();
        if (body == null) {
            return null;
        }
        try {
            List<JsonText> out = of(body);
            return out.size() == expected ? out : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The entries of {@code json} if it is a transaction bundle ({@code resourceType} Bundle, {@code type}
     * transaction), in order; empty if it is another resource or bundle type.
     *
     * @throws IOException when it is not well-formed JSON
     * @throws IllegalArgumentException when an entry's full URL or request is not in its R4 JSON form
     */
    static Optional<List<Raw>> transaction(byte[] json) throws IOException {
        String resourceType = null;
        String type = null;
        List<Raw> entries = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("resourceType".equals(field) && value == JsonToken.VALUE_STRING) {
                    resourceType = parser.getText();
                } else if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        entries.add(entry(parser, json));
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the bundle");
            }
        }
        return "Bundle".equals(resourceType) && "transaction".equals(type) ? Optional.of(entries)
                : Optional.empty();
    }

    private static Raw entry(JsonParser parser, byte[] json) throws IOException {
        String fullUrl = null;
        String[] request = new String[3];
        JsonText resource = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "fullUrl" -> fullUrl = string(parser, value, "entry.fullUrl");
                case "resource" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw new IllegalArgumentException("entry.resource must be an object");
                    }
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    resource = new JsonText(json, start, end - start);
                }
                case "request" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw new IllegalArgumentException("entry.request must be an object");
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken part = parser.nextToken();
                        switch (name) {
                            case "method" -> request[0] = string(parser, part, "entry.request.method");
                            case "url" -> request[1] = string(parser, part, "entry.request.url");
                            case "ifNoneExist" -> request[2] = string(parser, part, "entry.request.ifNoneExist");
                            default -> parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Raw(fullUrl, request[0], request[1], request[2], resource);
    }

    private static String string(JsonParser parser, JsonToken value, String name) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return parser.getText();
    }

    /** The resource JSON as a Jackson tree (duplicate keys refused). */
    static JsonNode tree(JsonText resource) throws IOException {
        return TREES.readTree(resource.bytes(), resource.offset(), resource.length());
    }

    /** The resource JSON of each entry of the bundle {@code json}, in order (views of {@code json}, not copies). */
    static List<JsonText> of(byte[] json) throws IOException {
        List<JsonText> out = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        out.add(entryResource(parser, json));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return out;
    }

    private static JsonText entryResource(JsonParser parser, byte[] json) throws IOException {
        JsonText resource = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.getCurrentName();
            JsonToken value = parser.nextToken();
            if ("resource".equals(field) && value == JsonToken.START_OBJECT) {
                int start = (int) parser.getTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.getCurrentLocation().getByteOffset();
                resource = new JsonText(json, start, end - start);
            } else {
                parser.skipChildren();
            }
        }
        return resource;
    }
}
