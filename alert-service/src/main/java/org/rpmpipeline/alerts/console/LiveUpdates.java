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
 * Server-sent events to every open console: an event {@code changed} (its data the state's version at the time, a
 * counter, nothing clinical) whenever something the worklist shows changed, at most one per {@link #COALESCE} for
 * all streams together, so any number of changes within it costs each console one refresh, and the refresh shows
 * the last of them. Every stream hears it at the same moment, so the consoles' fetches arrive together and share
 * one rendering of each distinct view ({@link SharedWorklist}). A comment every {@link #HEARTBEAT} keeps idle
 * connections and proxies open and ends the stream of a session that expired.
 */
final class LiveUpdates implements AutoCloseable {
    static final Duration COALESCE = Duration.ofMillis(500);
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

    /** One open event stream: what is sent on it. */
    interface Stream {
        void sendEvent(String event, String data);

        void sendComment(String comment);

        boolean terminated();

        void close();
    }

    private record Client(Stream sse, String sessionId) {
    }

    LiveUpdates(LongSupplier version, Predicate<String> sessionAlive, int maxClients) {
        this(version, sessionAlive, maxClients, COALESCE, HEARTBEAT);
    }

    LiveUpdates(LongSupplier version, Predicate<String> sessionAlive, int maxClients, Duration coalesce,
            Duration heartbeat) {
        this.version = version;
        this.sessionAlive = sessionAlive;
        this.maxClients = maxClients;
        timer.scheduleWithFixedDelay(this::flush, coalesce.toMillis(), coalesce.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
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
        Client client = add(new Stream() {
            @Override
            public void sendEvent(String event, String data) {
                sse.sendEvent(event, data);
            }

            @Override
            public void sendComment(String comment) {
                sse.sendComment(comment);
            }

            @Override
            public boolean terminated() {
                return sse.terminated();
            }

            @Override
            public void close() {
                sse.close();
            }
        }, sessionId);
        sse.onClose(() -> clients.remove(client));
        sse.keepAlive();
        return true;
    }

    /** Adds an open stream (the limit of streams is checked by the caller). */
    void join(Stream stream, String sessionId) {
        add(stream, sessionId);
    }

    private Client add(Stream stream, String sessionId) {
        Client client = new Client(stream, sessionId);
        clients.add(client);
        stream.sendComment("connected");
        return client;
    }

    int clients() {
        return clients.size();
    }

    /** Sends {@code changed} to every stream if something changed since the last time (the timer calls it). */
    void flush() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        String data = String.valueOf(version.getAsLong());
        for (Client client : clients) {
            send(client, () -> client.sse().sendEvent("changed", data));
        }
    }

    /** Keeps streams open and ends those whose session ended (the timer calls it). */
    void heartbeat() {
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
