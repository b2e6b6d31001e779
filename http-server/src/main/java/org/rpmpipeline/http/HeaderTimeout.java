package org.rpmpipeline.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.tinylog.Logger;

/**
 * Closes an HTTP/1.1 connection whose request headers are still incomplete {@code timeout} after the request's
 * first byte arrived. Jetty's idle timeout only counts silence, so a client that trickles a header byte every few
 * seconds would otherwise hold a connection (and its buffers) forever. Each connection is checked every quarter of
 * the timeout, so it is closed at most a quarter late; the request body and the handling are not limited here (the
 * body limit and the idle timeout cover those).
 */
final class HeaderTimeout implements Connection.Listener {
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final long periodMillis;

    HeaderTimeout(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutNanos = timeout.toNanos();
        this.periodMillis = Math.max(10, timeout.toMillis() / 4);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            new Watch(http).schedule();
        }
    }

    /** Watches one connection until it closes. */
    private final class Watch implements Runnable {
        private final HttpConnection connection;
        /** The request count when the current partial header was first seen, or -1 when none is pending. */
        private long pendingRequest = -1;
        private long pendingSince;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void schedule() {
            scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            HttpParser parser = connection.getParser();
            boolean midHeader = parser.inHeaderState() && !parser.isStart();
            long requests = connection.getMessagesIn();
            long now = System.nanoTime();
            if (!midHeader) {
                pendingRequest = -1;
            } else if (pendingRequest != requests) {
                pendingRequest = requests;
                pendingSince = now;
            } else if (now - pendingSince >= timeoutNanos) {
                Logger.debug("closing a connection whose request headers did not complete in time [remote: {}]",
                        connection.getEndPoint().getRemoteSocketAddress());
                connection.close();
                return;
            }
            schedule();
        }
    }
}
