package org.rpmpipeline.gateway.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.rpmpipeline.gateway.GatewayConfig.MqttSettings;
import org.tinylog.Logger;

/**
 * The gateway's MQTT side (Paho v5): an {@link MqttAsyncClient} with a persistent session (clean start off,
 * session expiry, stable client id), a shared subscription at QoS 1 with manual acknowledgements, reconnect with a
 * bounded backoff and a resubscribe after every connect. Each connection gets a fresh Paho client (same client
 * id, so the broker resumes the session), so no client-side state of a dead connection can leak into the next.
 *
 * <p>The Paho callback thread only wraps the message and hands it to a worker pool; it never touches Kafka and
 * never throws. The handler calls the {@link Ack} when the message's records are in Kafka, and only then is the
 * PUBACK sent. Work is bounded three ways: the broker never has more than {@code maxInFlight} unacknowledged
 * messages out to us (MQTT 5 receive maximum), the worker queue holds at most {@code maxInFlight} messages, and
 * when it is full the callback thread decodes the message itself, which slows the socket down instead of
 * growing memory.
 *
 * <p>Whatever the handler throws (an {@link Error} included) costs that one message: it is logged, counted,
 * acknowledged (left unacknowledged it would hold one of the broker's in-flight slots until the next reconnect,
 * and come back to fail again) and released from the in-flight count; the worker thread and the session carry
 * on.
 */
public final class MqttIngress implements AutoCloseable {
    /** Acknowledges one message to the broker. Safe to call from any thread, at most once. */
    @FunctionalInterface
    public interface Ack {
        void run();
    }

    private static final int QOS = 1;

    private final MqttSettings settings;
    private final Clock clock;
    private final BiConsumer<InboundMessage, Ack> handler;
    private final Runnable onHandlerFailure;
    private volatile MqttAsyncClient client;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService control;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean intakeOpen = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object drained = new Object();

    /**
     * @param handler decodes a message and calls its {@link Ack} once the message's records are in Kafka
     * @param onHandlerFailure told each time the handler throws, for metrics
     */
    public MqttIngress(MqttSettings settings, int workerThreads, Clock clock,
            BiConsumer<InboundMessage, Ack> handler, Runnable onHandlerFailure) {
        this.settings = settings;
        this.clock = clock;
        this.handler = handler;
        this.onHandlerFailure = onHandlerFailure;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.maxInFlight()), r -> {
                    Thread t = new Thread(r, "rpm-gateway-worker-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpm-gateway-mqtt-control");
            t.setDaemon(true);
            return t;
        });
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient fresh = new MqttAsyncClient(settings.url().toString(), settings.clientId(),
                new MemoryPersistence());
        fresh.setManualAcks(true);
        fresh.setCallback(new Callback(fresh));
        return fresh;
    }

    private static void discard(MqttAsyncClient old) {
        if (old == null) {
            return;
        }
        try {
            old.disconnectForcibly(0, 500, false);
        } catch (MqttException | RuntimeException e) {
            Logger.debug("old MQTT client did not disconnect [error: {}]", e.toString());
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            Logger.debug("old MQTT client did not close [error: {}]", e.toString());
        }
    }

    /** Connects in the background, retrying with a bounded backoff until it succeeds or the ingress closes. */
    public void start() {
        if (closed.get()) {
            return;
        }
        try {
            control.execute(() -> connect(0));
        } catch (RuntimeException e) {
            Logger.debug("not connecting, ingress closing");
        }
    }

    /** True while connected and subscribed, i.e. while messages for the group can reach this gateway. */
    public boolean isConnected() {
        return connected.get() && subscribed.get();
    }

    /** Messages received and not yet acknowledged or given up. */
    public int inFlight() {
        return inFlight.get();
    }

    private void connect(int attempt) {
        if (closed.get()) {
            return;
        }
        MqttAsyncClient connecting;
        try {
            MqttAsyncClient old = client;
            connecting = newClient();
            client = connecting;
            discard(old);
        } catch (MqttException | RuntimeException e) {
            long delay = backoffMillis(attempt);
            Logger.warn("MQTT client cannot be created, retrying [url: {}, in ms: {}, error: {}]", settings.url(),
                    delay, e.toString());
            schedule(() -> connect(attempt + 1), delay);
            return;
        }
        try {
            connecting.connect(ConnectionOptions.gateway(settings), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete subscribes
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    long delay = backoffMillis(attempt);
                    Logger.warn("MQTT connect failed, retrying [url: {}, in ms: {}, error: {}]", settings.url(), delay,
                            String.valueOf(e));
                    schedule(() -> connect(attempt + 1), delay);
                }
            });
        } catch (MqttException | RuntimeException e) {
            long delay = backoffMillis(attempt);
            Logger.warn("MQTT connect failed, retrying [url: {}, in ms: {}, error: {}]", settings.url(), delay,
                    e.toString());
            schedule(() -> connect(attempt + 1), delay);
        }
    }

    private long backoffMillis(int attempt) {
        return Math.min(settings.reconnectMaxDelay().toMillis(), 500L << Math.min(attempt, 10));
    }

    private void schedule(Runnable task, long delayMillis) {
        if (!closed.get()) {
            try {
                control.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                Logger.debug("not scheduled, ingress closing");
            }
        }
    }

    private void subscribe(MqttAsyncClient owner) {
        if (closed.get() || owner != client) {
            return;
        }
        try {
            owner.subscribe(new MqttSubscription[] {new MqttSubscription(settings.subscriptionFilter(), QOS)},
                    null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            subscribed.set(true);
                            Logger.info("subscribed [filter: {}, qos: {}]", settings.subscriptionFilter(), QOS);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            Logger.warn("subscribe failed, retrying [filter: {}, error: {}]",
                                    settings.subscriptionFilter(), String.valueOf(e));
                            schedule(() -> subscribe(owner), 1000);
                        }
                    }, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            Logger.warn("subscribe failed, retrying [error: {}]", e.toString());
            schedule(() -> subscribe(owner), 1000);
        }
    }

    private void arrived(MqttAsyncClient owner, String topic, MqttMessage message) {
        if (!intakeOpen.get()) {
            // closing: leave it unacknowledged, the broker redelivers it to this session or another member
            return;
        }
        InboundMessage inbound = new InboundMessage(topic, message.getPayload(), userProperties(message),
                clock.instant());
        int id = message.getId();
        int qos = message.getQos();

        AtomicBoolean done = new AtomicBoolean();
        Ack ack = () -> {
            if (done.compareAndSet(false, true)) {
                acknowledge(owner, id, qos);
                finished();
            }
        };
        inFlight.incrementAndGet();
        try {
            workers.execute(() -> handle(inbound, ack));
        } catch (RuntimeException e) {
            // closing: left unacknowledged, the broker redelivers it to this session or another member
            if (done.compareAndSet(false, true)) {
                finished();
            }
            throw e;
        }
    }

    private void handle(InboundMessage inbound, Ack ack) {
        try {
            handler.accept(inbound, ack);
        } catch (Throwable e) {
            Logger.error("message handler failed, acknowledging the message to keep the session flowing"
                    + " [topic bytes: {}, payload bytes: {}, error: {}]", inbound.topic().length(),
                    inbound.payload().length, e.toString());
            try {
                onHandlerFailure.run();
            } catch (RuntimeException ignored) {
                // metrics only
            }
            ack.run();
        }
    }

    private void acknowledge(MqttAsyncClient owner, int id, int qos) {
        if (qos == 0) {
            return;
        }
        if (owner != client || !connected.get()) {
            // the packet id belongs to a dead connection; the broker redelivers the message and the
            // duplicate reading carries the same reading id
            Logger.debug("ack skipped after reconnect [packet: {}]", id);
            return;
        }
        try {
            owner.messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            Logger.debug("ack failed [packet: {}, error: {}]", id, e.toString());
        }
    }

    private void finished() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    private static List<Map.Entry<String, String>> userProperties(MqttMessage message) {
        MqttProperties properties = message.getProperties();
        if (properties == null || properties.getUserProperties() == null) {
            return List.of();
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (UserProperty p : properties.getUserProperties()) {
            if (p.getKey() != null && p.getValue() != null) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(p.getKey(), p.getValue()));
            }
        }
        return out;
    }

    /**
     * Stops taking new messages and waits up to {@code timeout} for the ones in flight to be acknowledged.
     * Returns true if all were.
     */
    public boolean drain(Duration timeout) {
        intakeOpen.set(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        intakeOpen.set(false);
        control.shutdownNow();
        MqttAsyncClient current = client;
        if (current != null) {
            try {
                if (current.isConnected()) {
                    current.disconnect(5_000).waitForCompletion(6_000);
                }
            } catch (MqttException | RuntimeException e) {
                Logger.debug("MQTT disconnect failed [error: {}]", e.toString());
            }
            discard(current);
        }
        connected.set(false);
        workers.shutdownNow();
    }

    /** Callbacks of one Paho client; those of a discarded client are ignored. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (owner != client) {
                return;
            }
            subscribed.set(false);
            connected.set(true);
            Logger.info("MQTT connected [url: {}, client: {}]", serverURI, settings.clientId());
            // never call the broker from the callback thread: it can deadlock with queued messages
            try {
                control.execute(() -> subscribe(owner));
            } catch (RuntimeException e) {
                Logger.debug("not subscribing, ingress closing");
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                if (owner == client) {
                    arrived(owner, topic, message);
                }
            } catch (Throwable e) {
                // an exception here would make Paho drop the connection
                Logger.error(e, "cannot hand a message to the workers, leaving it unacknowledged");
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner != client) {
                return;
            }
            connected.set(false);
            subscribed.set(false);
            if (!closed.get()) {
                Logger.warn("MQTT connection lost, reconnecting [reason: {}]", String.valueOf(response));
                // a new client from the control thread: never from Paho's own threads
                schedule(() -> connect(0), 500);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            Logger.warn("MQTT error [error: {}]", String.valueOf(exception));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // the gateway publishes nothing over MQTT
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
