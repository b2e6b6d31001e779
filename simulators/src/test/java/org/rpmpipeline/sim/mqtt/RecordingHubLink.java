package org.rpmpipeline.sim.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A hub link for tests: records what is published and acks it at once, or fails the messages a rule selects. */
public final class RecordingHubLink implements HubLink {
    public final List<String> connectedHubs = new CopyOnWriteArrayList<>();
    public final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Predicate<OutboundMessage> fail;
    public volatile boolean closed;

    public RecordingHubLink() {
        this(m -> false);
    }

    public RecordingHubLink(Predicate<OutboundMessage> fail) {
        this.fail = fail;
    }

    @Override
    public CompletableFuture<Void> connect(List<String> hubIds) {
        connectedHubs.addAll(hubIds);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publish(String hubId, OutboundMessage message) {
        sent.add(new Sent(hubId, message));
        return fail.test(message) ? CompletableFuture.failedFuture(new IllegalStateException("refused"))
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
    }

    public record Sent(String hubId, OutboundMessage message) {
    }
}
