package org.rpmpipeline.alerts.console;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.tinylog.Logger;

/**
 * Server-sent events to every open console: an event {@code changed} (its data a change counter, nothing clinical)
 * whenever something the worklist shows changed, at most every {@link #COALESCE} so a burst of findings costs one
 * refresh per console; each console then fetches its own worklist with its own session and filters. A comment
 * every {@link #HEARTBEAT} keeps idle connections and proxies open and ends the stream of a session that expired.
 */
final class LiveUpdates implements AutoCloseable {
    static final Duration COALESCE = Duration.ofMillis(250);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rpm-console-live");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final LongSupplier version;
    private final Predicate<String> sessionAlive;
    private final int maxClients;

    private record Client(SseClient sse, String sessionId) {
    }

    LiveUpdates(LongSupplier version, Predicate<String> sessionAlive, int maxClients) {
        this.version = version;
        this.sessionAlive = sessionAlive;
        this.maxClients = maxClients;
        timer.scheduleWithFixedDelay(this::flush, COALESCE.toMillis(), COALESCE.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Something changed: every console hears about it within {@link #COALESCE}. */
    void changed() {
        dirty.set(true);
    }

    /** Keeps {@code sse} open for the session; false (and closed) when the limit of streams is reached. */
    boolean join(SseClient sse, String sessionId) {
        if (clients.size() >= maxClients) {
            sse.close();
            return false;
        }
        Client client = new Client(sse, sessionId);
        clients.add(client);
        sse.onClose(() -> clients.remove(client));
        sse.sendComment("connected");
        sse.keepAlive();
        return true;
    }

    int clients() {
        return clients.size();
    }

    private void flush() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        String data = String.valueOf(version.getAsLong());
        for (Client client : clients) {
            send(client, () -> client.sse().sendEvent("changed", data));
        }
    }

    private void heartbeat() {
        for (Client client : clients) {
            if (!sessionAlive.test(client.sessionId())) {
                clients.remove(client);
                send(client, () -> client.sse().sendEvent("signed-out", "session ended"));
                client.sse().close();
            } else {
                send(client, () -> client.sse().sendComment("heartbeat"));
            }
        }
    }

    private void send(Client client, Runnable send) {
        try {
            if (client.sse().terminated()) {
                clients.remove(client);
                return;
            }
            send.run();
        } catch (RuntimeException e) {
            clients.remove(client);
            Logger.debug("live update not delivered [exception: {}]", e.getClass().getSimpleName());
        }
    }

    /** Stops sending; the HTTP server closes the streams when it stops. */
    @Override
    public void close() {
        timer.shutdownNow();
        clients.clear();
    }
}
