package org.rpmpipeline.alerts.console;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;

/**
 * Who is using the console. Sign-in exchanges a bearer token of the API (the tokens file, with its roles) for a
 * server-side session; the browser only ever holds the session id, in a cookie that is {@code HttpOnly} (no
 * script reads it), {@code SameSite=Strict} (no other site's page sends it) and {@code Secure} over TLS. Every
 * state-changing request must carry the session's CSRF token (a synchronizer token in each form) and, when the
 * browser says where it comes from ({@code Origin}), come from this origin; the sign-in form itself is guarded
 * by a double-submit token. Anonymous visitors get nothing but the sign-in page, unless the service runs with
 * anonymous reads (the demo), where they may look as viewers.
 */
final class ConsoleAuth {
    static final String SESSION_COOKIE = "rpm_console";
    static final String SIGN_IN_COOKIE = "rpm_console_sign_in";
    static final String CSRF_FIELD = "_csrf";
    private static final int SIGN_IN_COOKIE_SECONDS = 30 * 60;
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final Sessions sessions;
    private final ApiAccess access;
    private final SignInThrottle throttle;
    private final boolean alwaysSecure;

    ConsoleAuth(Sessions sessions, ApiAccess access, SignInThrottle throttle, boolean alwaysSecure) {
        this.sessions = sessions;
        this.access = access;
        this.throttle = throttle;
        this.alwaysSecure = alwaysSecure;
    }

    /** Refusals the console turns into a page or a redirect. */
    static class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The request's live session, if any. */
    Optional<Sessions.Session> session(Context ctx) {
        return sessions.use(ctx.cookie(SESSION_COOKIE));
    }

    /** The session, or a refusal (401: the caller sends the browser to the sign-in page). */
    Sessions.Session required(Context ctx) {
        return session(ctx).orElseThrow(() -> new Refused(401, "sign in first"));
    }

    /** The session of a state-changing request, after its origin and CSRF token are checked. */
    Sessions.Session forChange(Context ctx) {
        Sessions.Session session = required(ctx);
        sameOrigin(ctx);
        String presented = ctx.formParam(CSRF_FIELD);
        if (presented == null) {
            presented = ctx.header("X-CSRF-Token");
        }
        if (!equal(presented, session.csrfToken())) {
            throw new Refused(403, "the form has expired or did not come from this console: reload the page");
        }
        return session;
    }

    /** The session of a clinician (or admin) making a change. */
    Sessions.Session clinician(Context ctx) {
        Sessions.Session session = forChange(ctx);
        if (!session.principal().role().includes(Role.CLINICIAN)) {
            throw new Refused(403, "your role (" + roleName(session.principal()) + ") may look but not change");
        }
        return session;
    }

    /** The double-submit token of the sign-in form: reused from its cookie, or a new one set now. */
    String signInToken(Context ctx) {
        String token = ctx.cookie(SIGN_IN_COOKIE);
        if (token == null || token.length() != 43) {
            token = Sessions.randomToken();
            ctx.cookie(cookie(ctx, SIGN_IN_COOKIE, token, SIGN_IN_COOKIE_SECONDS));
        }
        return token;
    }

    /** Handles the sign-in form; the new session's cookie is set on success. */
    Sessions.Session signIn(Context ctx) {
        sameOrigin(ctx);
        String cookieToken = ctx.cookie(SIGN_IN_COOKIE);
        if (cookieToken == null || !equal(ctx.formParam(CSRF_FIELD), cookieToken)) {
            throw new Refused(403, "the sign-in form has expired: try again");
        }
        String address = ctx.ip();
        if (!throttle.allowed(address)) {
            throw new Refused(429, "too many failed sign-ins from here: wait a minute");
        }
        Principal principal;
        if ("true".equals(ctx.formParam("anonymous"))) {
            if (!access.anonymousRead()) {
                throw new Refused(403, "this console needs a token");
            }
            principal = Principal.ANONYMOUS;
        } else {
            String token = ctx.formParam("token");
            if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
                throttle.failed(address);
                throw new Refused(401, "enter your access token");
            }
            Optional<Principal> known = access.tokens().authenticate("Bearer " + token.strip());
            if (known.isEmpty()) {
                throttle.failed(address);
                throw new Refused(401, "that token is not valid here");
            }
            principal = known.get();
        }
        throttle.succeeded(address);
        sessions.end(ctx.cookie(SESSION_COOKIE));
        Sessions.Session session = sessions.create(principal);
        ctx.cookie(cookie(ctx, SESSION_COOKIE, session.id(), -1));
        ctx.removeCookie(SIGN_IN_COOKIE, "/");
        return session;
    }

    void signOut(Context ctx, Sessions.Session session) {
        sessions.end(session.id());
        ctx.cookie(cookie(ctx, SESSION_COOKIE, "", 0));
    }

    boolean anonymousAllowed() {
        return access.anonymousRead();
    }

    boolean tokensConfigured() {
        return access.tokens().enabled();
    }

    static String roleName(Principal principal) {
        return principal.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    private Cookie cookie(Context ctx, String name, String value, int maxAgeSeconds) {
        boolean secure = alwaysSecure || "https".equalsIgnoreCase(ctx.scheme());
        return new Cookie(name, value, "/", maxAgeSeconds, secure, true, null, SameSite.STRICT);
    }

    /**
     * Refuses a request whose {@code Origin} (sent by browsers with every POST) names another host (or port) than
     * the one the request was sent to.
     */
    private static void sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        try {
            URI uri = URI.create(origin);
            // the port only when the origin names one: behind a proxy that terminates TLS the request's own port
            // is not the browser's
            if (uri.getHost() != null && uri.getHost().equalsIgnoreCase(ctx.req().getServerName())
                    && (uri.getPort() == -1 || uri.getPort() == ctx.req().getServerPort())) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // not a URI: refused below
        }
        throw new Refused(403, "request from another site refused");
    }

    private static boolean equal(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
