package org.rpmpipeline.processor.http;

import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.http.HttpServer;
import org.rpmpipeline.http.HttpSettings;

/**
 * The processor's HTTP side: {@code GET /health/live} (200 while the process runs), {@code GET /health/ready}
 * (200 when the streams client is running, else 503; JSON body with the streams state) and {@code GET /metrics}
 * (Prometheus text), on the address and with the limits of {@link HttpSettings}.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Starts listening ({@code settings.port()} 0 = a free port). */
    public static HealthServer start(HttpSettings settings, BooleanSupplier ready, Supplier<String> state,
            PrometheusMeterRegistry registry) {
        return new HealthServer(HttpServer.start(settings, config -> {
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> {
                boolean up = ready.getAsBoolean();
                ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "streams", state.get()));
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
        }));
    }

    /** The port actually bound. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
