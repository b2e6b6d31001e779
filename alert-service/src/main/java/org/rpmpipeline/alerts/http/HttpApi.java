package org.rpmpipeline.alerts.http;

import ca.uhn.fhir.rest.server.RestfulServer;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.http.HealthEndpoints;
import org.rpmpipeline.http.HttpServer;
import org.rpmpipeline.http.HttpSettings;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.json.Json;

/**
 * The service's HTTP endpoints: health, Prometheus metrics, the alert API (see the module README for the
 * contract) and, optionally, the in-process FHIR server under {@code /fhir}. Health and metrics are open; the
 * alert API and the FHIR server need a caller ({@link ApiAccess}). Listening address, body limit and timeouts come
 * from {@link HttpSettings} ({@link HttpServer}).
 */
public final class HttpApi implements AutoCloseable {
    /** Where the in-process FHIR server is mounted. */
    public static final String FHIR_PATH = "/fhir";
    private static final String PRINCIPAL = "rpm.principal";

    private final HttpServer server;

    private HttpApi(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts the server ({@code settings.port()} 0 for a free one). Without {@code alerts} no alert API is served.
     *
     * @param fhirServer mounted at {@code /fhir/*} behind {@link FhirAccessFilter}, its errors cleaned by
     *     {@link FhirErrorBodies}
     */
    public static HttpApi start(HttpSettings settings, Optional<AlertApi> alerts, ApiAccess access,
            BooleanSupplier ready, PrometheusMeterRegistry metrics, Optional<RestfulServer> fhirServer) {
        return start(settings, alerts, access, ready, metrics, fhirServer, config -> { });
    }

    /**
     * Starts the server as {@link #start(HttpSettings, Optional, ApiAccess, BooleanSupplier, PrometheusMeterRegistry,
     * Optional)} does, with more routes ({@code more}, e.g. the care-team console) added last.
     */
    public static HttpApi start(HttpSettings settings, Optional<AlertApi> alerts, ApiAccess access,
            BooleanSupplier ready, PrometheusMeterRegistry metrics, Optional<RestfulServer> fhirServer,
            Consumer<JavalinConfig> more) {
        fhirServer.filter(fhir -> fhir.getInterceptorService().getAllRegisteredInterceptors().stream()
                .noneMatch(FhirErrorBodies.class::isInstance))
                .ifPresent(fhir -> fhir.registerInterceptor(new FhirErrorBodies()));
        return new HttpApi(HttpServer.start(settings, config -> {
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            fhirServer.ifPresent(fhir -> config.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(new FilterHolder(new FhirAccessFilter(access)), FHIR_PATH + "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                handler.addServlet(new ServletHolder(fhir), FHIR_PATH + "/*");
            }));
            HealthEndpoints.add(config, () -> new HealthEndpoints.Readiness(ready.getAsBoolean(), Map.of()),
                    metrics::scrape);
            alerts.ifPresent(api -> routes(config.routes, api, access));
            more.accept(config);
        }));
    }

    private static void routes(RoutesConfig routes, AlertApi api, ApiAccess access) {
        routes.before("/alerts*", ctx -> {
            Principal caller = access.authenticate(ctx.header("Authorization")).orElse(null);
            if (caller == null) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new Denied(HttpStatus.UNAUTHORIZED, "a valid bearer token is required");
            }
            ctx.attribute(PRINCIPAL, caller);
        });
        routes.get("/alerts", ctx -> ctx.json(api.list(caller(ctx, Role.VIEWER), filter(ctx, api))));
        routes.get("/alerts/{id}", ctx -> ctx.json(api.get(caller(ctx, Role.VIEWER), ctx.pathParam("id"))
                .orElseThrow(NoSuchElementException::new)));
        routes.post("/alerts/{id}/acknowledge", ctx -> ctx.json(api.acknowledge(caller(ctx, Role.CLINICIAN),
                ctx.pathParam("id"))));
        routes.post("/alerts/{id}/resolve", ctx -> ctx.json(api.resolve(caller(ctx, Role.CLINICIAN),
                ctx.pathParam("id"))));
        routes.post("/alerts/{id}/snooze", ctx -> {
            Duration duration = snoozeDuration(ctx.queryParam("for"));
            Instant until = api.snooze(caller(ctx, Role.CLINICIAN), ctx.pathParam("id"), duration);
            ctx.json(Map.of("alertId", ctx.pathParam("id"), "snoozedUntil", until.toString()));
        });
        routes.exception(Denied.class, (e, ctx) -> HttpServer.error(ctx, e.status.getCode(), e.getMessage()));
        routes.exception(NoSuchElementException.class, (e, ctx) -> HttpServer.error(ctx,
                HttpStatus.NOT_FOUND.getCode(), "no such alert"));
        routes.exception(IllegalStateException.class, (e, ctx) -> HttpServer.error(ctx,
                HttpStatus.CONFLICT.getCode(), e.getMessage()));
        routes.exception(BadRequest.class, (e, ctx) -> HttpServer.error(ctx, HttpStatus.BAD_REQUEST.getCode(),
                e.getMessage()));
        routes.exception(AlertApi.Unavailable.class, (e, ctx) -> HttpServer.error(ctx,
                HttpStatus.SERVICE_UNAVAILABLE.getCode(), e.getMessage()));
    }

    private static Duration snoozeDuration(String text) {
        if (text == null) {
            throw new BadRequest("query parameter 'for' is required, e.g. for=30m");
        }
        Duration duration;
        try {
            duration = Settings.of(Map.of("snooze", text)).duration("snooze", null);
        } catch (ConfigException e) {
            throw new BadRequest("'for' must be a duration such as 30m or 2h");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(AlertApi.MAX_SNOOZE) > 0) {
            throw new BadRequest("'for' must be positive and at most " + AlertApi.MAX_SNOOZE.toHours() + "h");
        }
        return duration;
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
            AlertState wanted = parse(() -> AlertState.valueOf(state.trim().toUpperCase(Locale.ROOT)),
                    "state must be open, acknowledged or resolved");
            filter = filter.and(alert -> alert.state() == wanted);
        }
        String severity = ctx.queryParam("severity");
        if (severity != null) {
            Severity wanted = parse(() -> Severity.fromCode(severity.trim()),
                    "severity must be low, moderate, high or critical");
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

    private static <T> T parse(Supplier<T> parser, String rule) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(rule);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The URL of the FHIR server for a client in this process. */
    public URI localFhirBase() {
        return URI.create(server.localBaseUrl() + FHIR_PATH);
    }

    @Override
    public void close() {
        server.close();
    }

    /** A request the API cannot act on; its message says why (400). */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
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
