package org.rpmpipeline.gateway.http;

import java.util.Map;
import java.util.function.Supplier;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.http.HttpServer;
import org.rpmpipeline.http.HttpSettings;

/**
 * {@code GET /health/live} (200 while the process runs), {@code GET /health/ready} (200 or 503 with the state of
 * each dependency as JSON) and {@code GET /metrics} (Prometheus text), on the address and with the limits of
 * {@link HttpSettings}.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts listening ({@code settings.port()} 0 = a free port).
     *
     * @param checks named readiness checks; ready when all are true
     */
    public static HealthServer start(HttpSettings settings, Supplier<Map<String, Boolean>> checks,
            Supplier<String> metrics) {
        return new HealthServer(HttpServer.start(settings, config -> {
            config.routes.get("/health/live", ctx -> ctx.contentType("application/json")
                    .result("{\"status\":\"UP\"}"));
            config.routes.get("/health/ready", ctx -> {
                Map<String, Boolean> state = checks.get();
                boolean ready = state.values().stream().allMatch(Boolean::booleanValue);
                ctx.status(ready ? 200 : 503).contentType("application/json")
                        .result(Json.mapper().writeValueAsString(Map.of("status", ready ? "UP" : "DOWN",
                                "checks", state)));
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.get()));
        }));
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
