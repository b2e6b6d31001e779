package org.rpmpipeline.alerts.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.alerts.http.Principal;

/**
 * Signed-in console users, held in memory: a random session id (256 bits, the cookie) maps to the principal its
 * bearer token named at sign-in and to the session's CSRF token. A session ends at sign-out, after
 * {@code idleTimeout} without a request, {@code maxAge} after sign-in, or when {@code maxSessions} newer sessions
 * push it out (least recently used first). The token itself is never kept. A restart signs everyone out.
 */
final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final int maxSessions;
    /** Access order: the least recently used first. */
    private final LinkedHashMap<String, Session> byId = new LinkedHashMap<>(16, 0.75f, true);

    Sessions(Clock clock, Duration idleTimeout, Duration maxAge, int maxSessions) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.maxSessions = maxSessions;
    }

    /**
     * A signed-in user's session.
     *
     * @param id the cookie value
     * @param csrfToken what every state-changing request of this session must carry
     */
    record Session(String id, Principal principal, String csrfToken, Instant createdAt, Instant lastSeen) {
        @Override
        public String toString() {
            return "Session[actor=" + principal.actor() + ", role=" + principal.role() + "]";
        }
    }

    /** Starts a session for {@code principal}: a new id every time, so an id seen before sign-in is worthless. */
    synchronized Session create(Principal principal) {
        Instant now = clock.instant();
        Session session = new Session(randomToken(), principal, randomToken(), now, now);
        byId.put(session.id(), session);
        Iterator<Map.Entry<String, Session>> eldest = byId.entrySet().iterator();
        while (byId.size() > maxSessions && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
        return session;
    }

    /** The live session with this id, marked as used now; empty (and forgotten) if it expired. */
    synchronized Optional<Session> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        Session used = new Session(session.id(), session.principal(), session.csrfToken(), session.createdAt(), now);
        byId.put(id, used);
        return Optional.of(used);
    }

    /** True while the session exists and has not expired (does not count as use). */
    synchronized boolean alive(String id) {
        Session session = byId.get(id);
        return session != null && !expired(session, clock.instant());
    }

    synchronized void end(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Forgets expired sessions (run now and then, so abandoned ones do not wait for eviction). */
    synchronized void sweep() {
        Instant now = clock.instant();
        byId.values().removeIf(session -> expired(session, now));
    }

    synchronized int size() {
        return byId.size();
    }

    private boolean expired(Session session, Instant now) {
        return !now.isBefore(session.lastSeen().plus(idleTimeout)) || !now.isBefore(session.createdAt().plus(maxAge));
    }

    /** 256 random bits, URL-safe base64. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
