package org.rpmpipeline.embedded;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * A real MQTT 5 broker (HiveMQ Community Edition) inside this JVM, listening on loopback. It supports shared
 * subscriptions, QoS 1 and persistent sessions like a production broker. Its folders are temporary and deleted
 * on close, so it keeps sessions and queued messages in memory (HiveMQ's in-memory persistence mode): a session
 * survives a client's reconnect, not a broker restart.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
    /** Messages queued per client session before the broker discards; far above any test or demo burst. */
    public static final int MAX_QUEUED_MESSAGES = 1_000_000;
    /**
     * HiveMQ's in-flight window for delivering queued QoS 1 messages to a subscriber (its default is 50), still
     * capped by the subscriber's receive maximum; 1,000 matches the gateway's default receive maximum. A gateway
     * acknowledges only once Kafka has the record, so a small window bounds its rate by the Kafka round trip: in
     * back-to-back runs of bench/gateway (2026-11-28, load average 5-6) the gateway went from 2,700 to
     * 6,800-8,600 messages/s on this broker with 1,000 instead of 50.
     */
    public static final int SHARED_IN_FLIGHT_WINDOW = 1_000;

    private final EmbeddedHiveMQ hivemq;
    private final Path home;
    private final int port;

    private EmbeddedMqttBroker(EmbeddedHiveMQ hivemq, Path home, int port) {
        this.hivemq = hivemq;
        this.home = home;
        this.port = port;
    }

    /** A broker on a free loopback port. */
    public static EmbeddedMqttBroker start() {
        return start(0);
    }

    /** A broker on {@code port} (0 for a free one), bound to {@code 127.0.0.1}. */
    public static EmbeddedMqttBroker start(int port) {
        return start(port, "127.0.0.1");
    }

    /** A broker on {@code port} (0 for a free one) bound to {@code bindAddress}. */
    public static EmbeddedMqttBroker start(int port, String bindAddress) {
        long started = System.nanoTime();
        int listenPort = port == 0 ? FreePort.pick() : port;
        Path home;
        try {
            home = Files.createTempDirectory("rpm-hivemq-");
            Files.writeString(home.resolve("config.xml"), config(listenPort, bindAddress));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded MQTT broker's folder", e);
        }
        // a JVM-wide setting of the broker, read when it delivers; every embedded broker uses the same value
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = SHARED_IN_FLIGHT_WINDOW;
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home)
                .withDataFolder(home)
                .withExtensionsFolder(home)
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().join();
        } catch (RuntimeException e) {
            closeQuietly(hivemq);
            deleteTree(home);
            throw new IllegalStateException("embedded MQTT broker failed to start on port " + listenPort, e);
        }
        Logger.info("embedded MQTT broker ready [url: tcp://{}:{}, startup ms: {}]", bindAddress, listenPort,
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedMqttBroker(hivemq, home, listenPort);
    }

    public int port() {
        return port;
    }

    /** The broker's configuration and data folder (deleted on close). */
    Path home() {
        return home;
    }

    /** {@code tcp://127.0.0.1:port}, for Paho and the HiveMQ client. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        closeQuietly(hivemq);
        deleteTree(home);
    }

    private static String config(int port, String bindAddress) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <!-- the default (1,000 per client, then discard) loses a burst silently while a
                                 subscriber such as the gateway is away or slow; a pipeline must not lose readings -->
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                    <persistence>
                        <!-- the broker's folder is deleted on close, so disk persistence would buy nothing; on
                             disk, queueing every shared-subscription message cost about half the broker's CPU -->
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, bindAddress, MAX_QUEUED_MESSAGES);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().join();
            hivemq.close();
        } catch (Exception e) {
            Logger.warn(e, "embedded MQTT broker did not stop cleanly");
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            Logger.debug(e, "cannot delete {}", root);
        }
    }
}
