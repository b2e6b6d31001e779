package org.rpmpipeline.http;

import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.rpmpipeline.contract.json.Json;

/**
 * The health and metrics endpoints every service serves, in one form: {@code GET /health/live} (200
 * {@code {"status":"UP"}} while the process runs), {@code GET /health/ready} (200 or 503,
 * {@code {"status":"UP|DOWN", ...}} with the service's details) and {@code GET /metrics} (Prometheus text).
 */
public final class HealthEndpoints {
    /** The content type of Prometheus' text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HealthEndpoints() {
    }

    /**
     * What {@code /health/ready} reports.
     *
     * @param up ready to do the service's work
     * @param details what the body says besides the status, e.g. the state of each dependency
     */
    public record Readiness(boolean up, Map<String, Object> details) {
        public Readiness {
            details = Map.copyOf(details);
            if (details.containsKey("status")) {
                throw new IllegalArgumentException("\"status\" is the readiness itself");
            }
        }

        /** Ready when every named check is true; the body lists them under {@code checks}. */
        public static Readiness ofChecks(Map<String, Boolean> checks) {
            return new Readiness(checks.values().stream().allMatch(Boolean::booleanValue),
                    Map.of("checks", checks));
        }
    }

    /** Adds the three endpoints to {@code config}. */
    public static void add(JavalinConfig config, Supplier<Readiness> readiness, Supplier<String> metrics) {
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        config.routes.get("/health/live", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
        config.routes.get("/health/ready", ctx -> {
            Readiness r = readiness.get();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.up() ? "UP" : "DOWN");
            body.putAll(r.details());
            ctx.status(r.up() ? 200 : 503).contentType("application/json")
                    .result(Json.mapper().writeValueAsString(body));
        });
        config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.get()));
    }
}
