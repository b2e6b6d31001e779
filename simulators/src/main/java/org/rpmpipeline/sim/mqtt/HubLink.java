package org.rpmpipeline.sim.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The MQTT side of a simulator: connections for a set of hubs, each multiplexing the devices it relays. A publish
 * is QoS 1 and its future completes when the broker's PUBACK arrives (exceptionally on a failure or an error
 * reason code).
 */
public interface HubLink extends AutoCloseable {

    /** Connects every hub; completes when all are connected. */
    CompletableFuture<Void> connect(List<String> hubIds);

    /** Publishes {@code message} through {@code hubId}'s connection at QoS 1. */
    CompletableFuture<Void> publish(String hubId, OutboundMessage message);

    /** Disconnects every hub cleanly (no last will). Idempotent. */
    @Override
    void close();
}
