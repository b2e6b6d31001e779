package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON text of each {@code entry[i].resource} of a JSON bundle as it arrived, cut out of the request body with
 * Jackson's streaming parser (one pass, no object tree), so the store can keep exactly what it received.
 */
final class BundleEntries {
    private static final JsonFactory JSON = new JsonFactory();

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
