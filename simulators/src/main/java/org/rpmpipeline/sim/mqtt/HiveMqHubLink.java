package org.rpmpipeline.sim.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.sim.SimulatorConfig;
import org.tinylog.Logger;

/**
 * Hub connections over the HiveMQ MQTT client: asynchronous and event-loop based, so thousands of hubs share a
 * few threads. By default each hub is one MQTT 5 connection with client id {@code <prefix>-<hubId>}, automatic
 * reconnect and a last will on {@code rpm/v1/{hubId}/status} saying the hub is offline; with
 * {@code rpm.sim.connections} set, the hubs are multiplexed over that many connections ({@code <prefix>-c<n>}).
 * A first connect that fails before any hub has connected is not retried, so a refused connection or an unknown
 * host fails the run at once with its cause.
 */
public final class HiveMqHubLink implements HubLink {
    private final SimulatorConfig config;
    private final Function<String, byte[]> willPayload;
    private final Map<String, Mqtt5AsyncClient> clients = new LinkedHashMap<>();
    private final List<Mqtt5AsyncClient> owned = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether any hub of this link has connected: until one has, a failed first connect is not retried. */
    private final AtomicBoolean anyConnected = new AtomicBoolean();

    /**
     * @param willPayload the last-will payload of a hub, by hub id ({@code null}: no last will)
     */
    public HiveMqHubLink(SimulatorConfig config, Function<String, byte[]> willPayload) {
        this.config = config;
        this.willPayload = willPayload;
    }

    /** A link whose hubs leave an offline status as their last will. */
    public static HiveMqHubLink withOfflineWill(SimulatorConfig config) {
        return new HiveMqHubLink(config, hubId -> HubStatus.json(hubId, false, null));
    }

    @Override
    public synchronized CompletableFuture<Void> connect(List<String> hubIds) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the hub link is closed"));
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        if (config.connections() > 0) {
            // Hubs multiplexed over a fixed pool of connections; no last will, since a connection is many hubs.
            List<Mqtt5AsyncClient> pool = new ArrayList<>();
            for (int i = 0; i < Math.min(config.connections(), Math.max(1, hubIds.size())); i++) {
                Mqtt5AsyncClient client = build(config.clientId() + "-c" + i);
                pool.add(client);
                pending.add(client.connectWith().cleanStart(true).keepAlive(30).send());
            }
            for (int i = 0; i < hubIds.size(); i++) {
                clients.put(hubIds.get(i), pool.get(i % pool.size()));
            }
            owned.addAll(pool);
            return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        }
        for (String hubId : hubIds) {
            if (clients.containsKey(hubId)) {
                continue;
            }
            Mqtt5AsyncClient client = build(config.clientId() + "-" + hubId);
            clients.put(hubId, client);
            owned.add(client);
            var connect = client.connectWith().cleanStart(true).keepAlive(30);
            byte[] will = willPayload == null ? null : willPayload.apply(hubId);
            CompletableFuture<?> done;
            if (will != null) {
                done = connect.willPublish().topic(MqttTopics.status(hubId)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(will).contentType(OutboundMessage.JSON)
                        .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                        .applyWillPublish().send();
            } else {
                done = connect.send();
            }
            pending.add(done);
        }
        Logger.debug("connecting hubs [hubs: {}, connections: {}]", hubIds.size(), owned.size());
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Void> publish(String hubId, OutboundMessage message) {
        Mqtt5AsyncClient client;
        synchronized (this) {
            client = clients.get(hubId);
        }
        if (client == null || closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("hub " + hubId + " is not connected"));
        }
        Mqtt5UserPropertiesBuilder properties = Mqtt5UserProperties.builder();
        message.userProperties().forEach(e -> properties.add(e.getKey(), e.getValue()));
        return client.publishWith()
                .topic(message.topic())
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(message.payload())
                .contentType(message.contentType())
                .payloadFormatIndicator(message.utf8() ? Mqtt5PayloadFormatIndicator.UTF_8
                        : Mqtt5PayloadFormatIndicator.UNSPECIFIED)
                .userProperties(properties.build())
                .send()
                .thenAccept(result -> result.getError().ifPresent(error -> {
                    throw new IllegalStateException("publish to " + message.topic() + " failed", error);
                }));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        synchronized (this) {
            for (Mqtt5AsyncClient client : owned) {
                pending.add(client.disconnect().exceptionally(e -> null));
            }
            clients.clear();
            owned.clear();
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Logger.warn("hubs did not all disconnect cleanly [error: {}]", e.toString());
        }
    }

    private Mqtt5AsyncClient build(String clientId) {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                .identifier(clientId)
                .serverHost(config.mqttUrl().getHost())
                .serverPort(config.port())
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> anyConnected.set(true))
                .addDisconnectedListener(context -> {
                    // The client retries even a first connect that fails, so a wrong URL or a broker that is not
                    // running would only show as a timeout: until some hub has connected, give up at once and let
                    // the connect fail with its cause (connection refused, unknown host, not authorized, ...).
                    if (context.getClientConfig().getState() == MqttClientState.CONNECTING && !anyConnected.get()) {
                        context.getReconnector().reconnect(false);
                    }
                });
        if (config.tls()) {
            builder = builder.sslWithDefaultConfig();
        }
        if (config.username() != null) {
            var auth = builder.simpleAuth().username(config.username());
            if (config.password() != null) {
                auth = auth.password(config.password().getBytes(StandardCharsets.UTF_8));
            }
            builder = auth.applySimpleAuth();
        }
        return builder.buildAsync();
    }
}
