package org.rpmpipeline.http;

import java.util.function.Supplier;

/**
 * A server with the {@link HealthEndpoints} only, for a service that has no other HTTP endpoint (the gateway, the
 * stream processor), on the address and with the limits of {@link HttpSettings}.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Starts listening ({@code settings.port()} 0 = a free port). */
    public static HealthServer start(HttpSettings settings, Supplier<HealthEndpoints.Readiness> readiness,
            Supplier<String> metrics) {
        return new HealthServer(HttpServer.start(settings, config -> HealthEndpoints.add(config, readiness,
                metrics)));
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
