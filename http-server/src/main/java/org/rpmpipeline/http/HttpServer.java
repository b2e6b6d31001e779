package org.rpmpipeline.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.tinylog.Logger;

/**
 * A service's HTTP server: Javalin on Jetty 12, configured the same way for every service. It listens on
 * {@link HttpSettings#bind()} only (loopback unless told otherwise); refuses a request body over
 * {@link HttpSettings#maxRequestBytes()} with 413 before any handler or servlet reads it; closes connections idle
 * for {@link HttpSettings#idleTimeout()} and requests whose headers take longer than
 * {@link HttpSettings#headerTimeout()}; holds at most {@link HttpSettings#maxConnections()} connections;
 * answers every error with {@link ErrorBody} (no class names, no stack traces); and marks every response
 * {@code nosniff} and {@code no-store}.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(settings, config ->
 *         config.routes.get("/health/live", ctx -> ctx.result("UP")))) {
 *     server.port();
 * }
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;
    private final HttpSettings settings;

    private HttpServer(Javalin app, HttpSettings settings) {
        this.app = app;
        this.settings = settings;
    }

    /**
     * Starts listening.
     *
     * @param configure adds the service's routes, exception handlers, JSON mapper and servlets; the hardening here
     *     is applied first, and a service's own exception handlers win over the catch-all ones for their types
     */
    public static HttpServer start(HttpSettings settings, Consumer<JavalinConfig> configure) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("no HTTP port configured");
        }
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.jetty.modifyServer(server -> harden(server, settings));
            config.jetty.addConnector((server, httpConfiguration) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration));
                connector.setHost(settings.bind());
                connector.setPort(settings.port());
                connector.setIdleTimeout(settings.idleTimeout().toMillis());
                connector.addEventListener(new HeaderTimeout(connector.getScheduler(), settings.headerTimeout()));
                connector.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));
                return connector;
            });
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(
                    new JsonErrorHandler.ForServlets()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                Optional<org.eclipse.jetty.http.HttpException> refused = jettyRefusal(e);
                if (refused.isPresent()) {
                    // e.g. the body limit, hit while a handler read a chunked body
                    int code = refused.get().getCode();
                    error(ctx, code, org.eclipse.jetty.http.HttpStatus.getMessage(code));
                    return;
                }
                // the message and the path may quote request data: the class at error, the rest at debug
                Logger.error("request failed [method: {}, exception: {}]", ctx.req().getMethod(),
                        e.getClass().getName());
                Logger.debug(e, "request failed [path: {}]", ctx.path());
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR.getCode(), "internal error");
            });
            config.router.javaLangErrorHandler((response, failure) -> {
                Logger.error("request failed [error: {}]", failure.getClass().getName());
                Logger.debug(failure, "request failed");
                response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.getCode());
            });
            configure.accept(config);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        HttpServer server = new HttpServer(app, settings);
        Logger.info("HTTP listening [address: {}:{}]", settings.bind(), server.port());
        return server;
    }

    /** Outermost first: security headers on every response, then the body limit, then Javalin and servlets. */
    private static void harden(Server server, HttpSettings settings) {
        server.insertHandler(new SizeLimitHandler(settings.maxRequestBytes(), -1));
        server.insertHandler(new SecurityHeaders());
        server.setErrorHandler(new JsonErrorHandler());
    }

    /** The HTTP error Jetty raised somewhere in {@code failure}'s causes, if any. */
    public static Optional<org.eclipse.jetty.http.HttpException> jettyRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException http) {
                return Optional.of(http);
            }
        }
        return Optional.empty();
    }

    /**
     * For a refusal answered before the request's body was read: reads the rest of the body and drops it, so the
     * client gets the answer and can keep using the connection. Jetty closes a connection whose unread body is still
     * arriving once the response is out: the client then meets a reset instead of the answer, or sends its next
     * request into the closed connection. What is read is bounded by {@link HttpSettings#maxRequestBytes()}; when
     * the body cannot be read to its end (too large, or the client went away) the response says
     * {@code Connection: close}.
     */
    public static void discardUnreadBody(HttpServletRequest request, HttpServletResponse response) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return;
        }
        try {
            request.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            response.setHeader("Connection", "close");
        }
    }

    /** Answers {@code status} with {@link ErrorBody}, after {@link #discardUnreadBody} (a handler may refuse first). */
    public static void error(Context ctx, int status, String message) {
        discardUnreadBody(ctx.req(), ctx.res());
        ctx.status(status).contentType(ErrorBody.CONTENT_TYPE).result(ErrorBody.json(message));
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** The URL a client in this process reaches the server at (loopback when it listens on every address). */
    public String localBaseUrl() {
        return settings.localBaseUrl(port());
    }

    public HttpSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        app.stop();
    }
}
