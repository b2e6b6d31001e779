package org.rpmpipeline.alerts.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A local webhook endpoint for tests: records each request; answers 503 to the first {@code failFirst}. With
 * {@link #holdFirst} it keeps one request unanswered (recorded, as the receiver got it) until {@link #release()}:
 * the sender is then stuck in the middle of that delivery.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<Predicate<String>> hold = new AtomicReference<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** One request as received: the body, the {@code X-Rpm-*} headers and the Standard Webhooks headers. */
    public record Received(String body, String timestamp, String signature, String notificationId,
            String webhookId, String webhookTimestamp, String webhookSignature) {
    }

    public WebhookReceiver(int failFirst) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int call = calls.incrementAndGet();
            int status = call <= failFirst ? 503 : 204;
            if (status == 204) {
                var headers = exchange.getRequestHeaders();
                received.add(new Received(body, headers.getFirst(WebhookSignature.TIMESTAMP_HEADER),
                        headers.getFirst(WebhookSignature.SIGNATURE_HEADER),
                        headers.getFirst(WebhookSignature.ID_HEADER),
                        headers.getFirst(WebhookSignature.STANDARD_ID_HEADER),
                        headers.getFirst(WebhookSignature.STANDARD_TIMESTAMP_HEADER),
                        headers.getFirst(WebhookSignature.STANDARD_SIGNATURE_HEADER)));
                Predicate<String> holding = hold.get();
                if (holding != null && holding.test(body) && hold.compareAndSet(holding, null)) {
                    held.countDown();
                    try {
                        released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException e) {
                // the sender is gone (it was killed while waiting for this answer)
            }
            exchange.close();
        });
        server.start();
    }

    /** Leaves the first request whose body matches {@code body} unanswered until {@link #release()}. */
    public WebhookReceiver holdFirst(Predicate<String> body) {
        hold.set(body);
        return this;
    }

    /** True once a request is being held. */
    public boolean holding() {
        return held.getCount() == 0 && released.getCount() > 0;
    }

    /** Answers the held request (if its sender is still there). */
    public void release() {
        released.countDown();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
