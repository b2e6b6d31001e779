package org.rpmpipeline.processor.http;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The processor's HTTP side: {@code GET /health/live} (200 while the process runs), {@code GET /health/ready}
 * (200 when the streams client is running, else 503; JSON body with the streams state) and {@code GET /metrics}
 * (Prometheus text).
 */
public final class HealthServer implements AutoCloseable {
    private final Javalin app;

    private HealthServer(Javalin app) {
        this.app = app;
    }

    /** Starts on {@code port} (0 = a free port). */
    public static HealthServer start(int port, BooleanSupplier ready, Supplier<String> state,
            PrometheusMeterRegistry registry) {
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> {
            boolean up = ready.getAsBoolean();
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "streams", state.get()));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape()));
        app.start(port);
        return new HealthServer(app);
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
