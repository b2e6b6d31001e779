package org.rpmpipeline.alerts.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A local webhook endpoint for tests: records each request; answers 503 to the first {@code failFirst}. */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

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
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
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
        server.stop(0);
    }
}
