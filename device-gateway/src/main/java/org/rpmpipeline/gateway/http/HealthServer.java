package org.rpmpipeline.gateway.http;

import io.javalin.Javalin;
import java.util.Map;
import java.util.function.Supplier;
import org.rpmpipeline.contract.json.Json;

/**
 * {@code GET /health/live} (200 while the process runs), {@code GET /health/ready} (200 or 503 with the state of
 * each dependency as JSON) and {@code GET /metrics} (Prometheus text).
 */
public final class HealthServer implements AutoCloseable {
    private final Javalin app;

    private HealthServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts on {@code port} (0 = a free port).
     *
     * @param checks named readiness checks; ready when all are true
     */
    public static HealthServer start(int port, Supplier<Map<String, Boolean>> checks, Supplier<String> metrics) {
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health/live", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
        app.get("/health/ready", ctx -> {
            Map<String, Boolean> state = checks.get();
            boolean ready = state.values().stream().allMatch(Boolean::booleanValue);
            ctx.status(ready ? 200 : 503).contentType("application/json")
                    .result(Json.mapper().writeValueAsString(Map.of("status", ready ? "UP" : "DOWN",
                            "checks", state)));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
        app.start("0.0.0.0", port);
        return new HealthServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
