package org.rpmpipeline.demo.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an MQTT broker with persistence keeps of the gateway's persistent session across its own restart, the
 * property the no-loss promise rests on (README, "What the MQTT broker must guarantee"). A subscriber with a
 * persistent session subscribes, goes away, messages are published (queued for it), the broker restarts, more are
 * published before the subscriber is back, then it reconnects. Debian's Mosquitto restores the queue but not a
 * {@code $share/...} subscription, so what is published between its restart and the gateway's new SUBSCRIBE is
 * acknowledged to the device and dropped; it restores a plain subscription. HiveMQ CE with file persistence
 * restores both.
 */
@Timeout(120)
class BrokerRestartIT {
    private static final String SHARED = "$share/rpm-gateway/rpm/v1/+/vitals";
    private static final String PLAIN = "rpm/v1/+/vitals";
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void mosquittoDropsWhatIsPublishedBeforeASharedSubscriptionIsRenewed() throws Exception {
        Received received = restartScenario(mosquitto(), SHARED);

        assertThat(received.beforeResubscribe()).as("queued before the restart: kept")
                .containsExactly("B0", "B1", "B2");
        assertThat(received.all()).as("published after the restart, before SUBSCRIBE: acknowledged, then dropped")
                .doesNotContain("C0", "C1", "C2", "D0", "D1", "D2");
    }

    @Test
    void mosquittoKeepsAPlainSubscription() throws Exception {
        Received received = restartScenario(mosquitto(), PLAIN);

        assertThat(received.beforeResubscribe()).containsExactly("B0", "B1", "B2", "C0", "C1", "C2", "D0", "D1", "D2");
    }

    @Test
    void hiveMqWithFilePersistenceKeepsASharedSubscription() throws Exception {
        Received received = restartScenario(new HiveMq(dir, freePort()), SHARED);

        assertThat(received.beforeResubscribe()).containsExactly("B0", "B1", "B2", "C0", "C1", "C2", "D0", "D1", "D2");
    }

    /**
     * Subscribes with a persistent session, disconnects, publishes B, restarts the broker, publishes C, reconnects
     * without subscribing, publishes D, then subscribes again and publishes E: returns what arrived before E and all.
     */
    private static Received restartScenario(Broker broker, String filter) throws Exception {
        List<String> inbox = new CopyOnWriteArrayList<>();
        broker.start();
        try {
            Subscriber gateway = new Subscriber(broker, inbox);
            gateway.connect();
            gateway.client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
            publishUntilReceived(broker, "A", inbox, gateway);
            gateway.client.disconnect().get(10, TimeUnit.SECONDS);
            publish(broker, "B");

            broker.restart();
            publish(broker, "C");
            Subscriber again = new Subscriber(broker, inbox);
            again.connect();
            publish(broker, "D");
            again.client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
            // one session's messages arrive in order: anything kept from B, C or D arrives before the first E
            publishUntilReceived(broker, "E", inbox, again);
            again.client.disconnect().get(10, TimeUnit.SECONDS);
            List<String> afterA = inbox.stream().filter(m -> !m.startsWith("A")).toList();
            return new Received(List.copyOf(afterA.subList(0, afterA.indexOf("E0"))), List.copyOf(inbox));
        } finally {
            broker.stop();
        }
    }

    /** The gateway's persistent session: a client that can reconnect to it (clean start off, same identifier). */
    private static final class Subscriber {
        private final Broker broker;
        private final List<String> inbox;
        private Mqtt5AsyncClient client;

        Subscriber(Broker broker, List<String> inbox) {
            this.broker = broker;
            this.inbox = inbox;
        }

        void connect() throws Exception {
            client = client(broker, "restart-it-gateway").toAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, p -> inbox.add(text(p.getPayloadAsBytes())));
            client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
        }

        /** Disconnects and connects again to the same session, which keeps its subscription and queue. */
        void reconnect() {
            try {
                client.disconnect().get(10, TimeUnit.SECONDS);
                connect();
            } catch (Exception e) {
                throw new IllegalStateException("could not reconnect to the session", e);
            }
        }
    }

    /**
     * Publishes {@code phase0..2} and waits for all three; publishes them again every few seconds until then, and
     * every third time also reconnects the subscriber to its session. The embedded HiveMQ CE has left a shared
     * subscription idle on a loaded machine (none of the first three arrived in 20 s, republishing did not wake
     * it; its issue #558 describes shared QoS 1 subscribers going idle until they reconnect). A repeat or a
     * reconnect comes after the first copy in the session's queue, so what arrived before it is unchanged.
     */
    private static void publishUntilReceived(Broker broker, String phase, List<String> inbox, Subscriber subscriber) {
        List<String> expected = List.of(phase + "0", phase + "1", phase + "2");
        publish(broker, phase);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(new Callable<>() {
            private long last = System.nanoTime();
            private int repeats;

            @Override
            public Boolean call() {
                if (inbox.containsAll(expected)) {
                    return true;
                }
                if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(3)) {
                    if (++repeats % 3 == 0) {
                        subscriber.reconnect();
                    }
                    publish(broker, phase);
                    last = System.nanoTime();
                }
                return false;
            }
        });
    }

    /** Three QoS 1 messages {@code phase0..2}, each acknowledged by the broker. */
    private static void publish(Broker broker, String phase) {
        Mqtt5BlockingClient device = client(broker, "restart-it-device");
        device.connect();
        IntStream.range(0, 3).forEach(i -> device.publishWith().topic("rpm/v1/ox-restart/vitals")
                .qos(MqttQos.AT_LEAST_ONCE).payload((phase + i).getBytes(StandardCharsets.UTF_8)).send());
        device.disconnect();
    }

    private static Mqtt5BlockingClient client(Broker broker, String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Broker mosquitto() throws IOException {
        Path binary = Path.of("/usr/sbin/mosquitto");
        Assumptions.assumeTrue(Files.isExecutable(binary),
                "mosquitto is not installed: apt-get install -y mosquitto");
        Path home = Files.createDirectories(dir.resolve("mosquitto"));
        // mosquitto started as root runs as the mosquitto user, which must be able to write its database here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = freePort();
        Files.writeString(home.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                + "persistence true\npersistence_location " + home + "/\nlog_dest stderr\n");
        return new Mosquitto(binary, home, port);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Received(List<String> beforeResubscribe, List<String> all) {
    }

    private interface Broker {
        void start() throws Exception;

        /** A clean stop (the broker writes what it persists) and a start on the same port and data. */
        default void restart() throws Exception {
            stop();
            start();
        }

        void stop() throws Exception;

        int port();
    }

    private static final class Mosquitto implements Broker {
        private final Path binary;
        private final Path home;
        private final int port;
        private Process process;

        Mosquitto(Path binary, Path home, int port) {
            this.binary = binary;
            this.home = home;
            this.port = port;
        }

        @Override
        public void start() throws IOException {
            process = new ProcessBuilder(binary.toString(), "-c", home.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("mosquitto.log").toFile())).start();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> accepting(port));
        }

        @Override
        public void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();   // SIGTERM: mosquitto saves its database
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }

        @Override
        public int port() {
            return port;
        }

        private static boolean accepting(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static final class HiveMq implements Broker {
        private final Path home;
        private final int port;
        private EmbeddedHiveMQ hivemq;

        HiveMq(Path dir, int port) throws IOException {
            this.home = Files.createDirectories(dir.resolve("hivemq"));
            this.port = port;
            Files.writeString(home.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                        <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                        <persistence><mode>file</mode></persistence>
                        <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port));
        }

        @Override
        public void start() {
            hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(home).withDataFolder(home)
                    .withExtensionsFolder(home).withoutLoggingBootstrap().build();
            hivemq.start().join();
        }

        @Override
        public void stop() throws Exception {
            if (hivemq != null) {
                hivemq.stop().join();
                hivemq.close();
                hivemq = null;
            }
        }

        @Override
        public int port() {
            return port;
        }
    }
}
