package org.rpmpipeline.alerts.fhir.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of the few elements of a resource's JSON the in-process server indexes. An element that is present
 * but not in its R4 JSON form (a number where a string belongs, an object where a list does) is an
 * {@link IllegalArgumentException} naming it, which a transaction answers with 400.
 */
final class JsonResources {
    private JsonResources() {
    }

    /** The string {@code node.field}; it must be present. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.textValue();
    }

    /** The object {@code node.field}; it must be present. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException(field + " must be an object");
        }
        return value;
    }

    /** The elements of the list {@code node.field}, none when it is absent. */
    static List<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(field + " must be a list");
        }
        List<JsonNode> out = new ArrayList<>(value.size());
        value.forEach(out::add);
        return out;
    }

    /** The value(s) of an element that is a list in some resource types and single in others. */
    static List<JsonNode> oneOrMany(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return List.of();
        }
        if (value.isArray()) {
            return array(node, field);
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(field + " must be an object or a list of them");
        }
        return List.of(value);
    }
}
