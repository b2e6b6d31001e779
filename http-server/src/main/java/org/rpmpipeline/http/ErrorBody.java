package org.rpmpipeline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.rpmpipeline.contract.json.Json;

/**
 * The one error body of every service: {@code {"error": "<what went wrong>"}}. The text says what the caller can
 * act on; it never carries a class name, a stack trace or the request's content.
 */
public final class ErrorBody {
    public static final String CONTENT_TYPE = "application/json";

    private ErrorBody() {
    }

    public static String json(String message) {
        try {
            return Json.mapper().writeValueAsString(Map.of("error", message == null ? "" : message));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"\"}";
        }
    }
}
