package org.rpmpipeline.alerts.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.servlet.ServletHolder;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.json.Json;

/**
 * The service's HTTP endpoints: health, Prometheus metrics, the alert API (see the module README for the
 * contract) and, optionally, the in-process FHIR server under {@code /fhir}.
 */
public final class HttpApi implements AutoCloseable {
    /** Where the in-process FHIR server is mounted. */
    public static final String FHIR_PATH = "/fhir";
    private static final String PRINCIPAL = "rpm.principal";

    private final Javalin app;

    private HttpApi(Javalin app) {
        this.app = app;
    }

    /** Starts the server on {@code port} (0 for a free one). Without {@code alerts} no alert API is served. */
    public static HttpApi start(int port, Optional<AlertApi> alerts, ApiTokens tokens, BooleanSupplier ready,
            PrometheusMeterRegistry metrics, Optional<HttpServlet> fhirServlet) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            fhirServlet.ifPresent(servlet -> config.jetty.modifyServletContextHandler(
                    handler -> handler.addServlet(new ServletHolder(servlet), FHIR_PATH + "/*")));
        });
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> {
            boolean up = ready.getAsBoolean();
            ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                    .json(Map.of("status", up ? "UP" : "DOWN"));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        alerts.ifPresent(api -> routes(app, api, tokens));
        app.start(port);
        return new HttpApi(app);
    }

    private static void routes(Javalin app, AlertApi api, ApiTokens tokens) {
        app.before("/alerts*", ctx -> {
            Principal caller = tokens.authenticate(ctx.header("Authorization")).orElse(null);
            if (caller == null) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new Denied(HttpStatus.UNAUTHORIZED, "a valid bearer token is required");
            }
            ctx.attribute(PRINCIPAL, caller);
        });
        app.get("/alerts", ctx -> ctx.json(api.list(caller(ctx, Role.VIEWER), filter(ctx, api))));
        app.get("/alerts/{id}", ctx -> ctx.json(api.get(caller(ctx, Role.VIEWER), ctx.pathParam("id"))
                .orElseThrow(NoSuchElementException::new)));
        app.post("/alerts/{id}/acknowledge", ctx -> ctx.json(api.acknowledge(caller(ctx, Role.CLINICIAN),
                ctx.pathParam("id"))));
        app.post("/alerts/{id}/resolve", ctx -> ctx.json(api.resolve(caller(ctx, Role.CLINICIAN),
                ctx.pathParam("id"))));
        app.post("/alerts/{id}/snooze", ctx -> {
            Duration duration = snoozeDuration(ctx.queryParam("for"));
            Instant until = api.snooze(caller(ctx, Role.CLINICIAN), ctx.pathParam("id"), duration);
            ctx.json(Map.of("alertId", ctx.pathParam("id"), "snoozedUntil", until.toString()));
        });
        app.exception(Denied.class, (e, ctx) -> ctx.status(e.status).json(Map.of("error", e.getMessage())));
        app.exception(NoSuchElementException.class, (e, ctx) -> ctx.status(HttpStatus.NOT_FOUND)
                .json(Map.of("error", "no such alert")));
        app.exception(IllegalStateException.class, (e, ctx) -> ctx.status(HttpStatus.CONFLICT)
                .json(Map.of("error", e.getMessage())));
        app.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST)
                .json(Map.of("error", e.getMessage())));
        app.exception(AlertApi.Unavailable.class, (e, ctx) -> ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("error", e.getMessage())));
    }

    private static Duration snoozeDuration(String text) {
        if (text == null) {
            throw new IllegalArgumentException("query parameter 'for' is required, e.g. for=30m");
        }
        try {
            return Settings.of(Map.of("snooze", text)).duration("snooze", null);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("'for' must be a duration such as 30m or 2h");
        }
    }

    private static Principal caller(Context ctx, Role required) {
        Principal caller = ctx.attribute(PRINCIPAL);
        if (caller == null || !caller.role().includes(required)) {
            throw new Denied(HttpStatus.FORBIDDEN, "requires role " + required.name().toLowerCase(Locale.ROOT));
        }
        return caller;
    }

    private static Predicate<Alert> filter(Context ctx, AlertApi api) {
        Predicate<Alert> filter = alert -> true;
        String state = ctx.queryParam("state");
        if (state != null) {
            AlertState wanted = AlertState.valueOf(state.toUpperCase(Locale.ROOT));
            filter = filter.and(alert -> alert.state() == wanted);
        }
        String severity = ctx.queryParam("severity");
        if (severity != null) {
            Severity wanted = Severity.fromCode(severity);
            filter = filter.and(alert -> alert.severity() == wanted);
        }
        String team = ctx.queryParam("team");
        if (team != null) {
            filter = filter.and(alert -> api.teamOf(alert).equals(team));
        }
        String patient = ctx.queryParam("patient");
        if (patient != null) {
            filter = filter.and(alert -> alert.patientId().equals(patient));
        }
        return filter;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static final class Denied extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient HttpStatus status;

        Denied(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
