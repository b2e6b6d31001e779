package org.rpmpipeline.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.rpmpipeline.embedded.FreePort;

/**
 * A real Mosquitto process (Debian's package) on a free loopback port, with a configuration the test writes.
 * Tests that need it skip themselves when {@link #binary()} is empty.
 */
public final class MosquittoBroker implements AutoCloseable {
    private final Process process;
    private final Path home;
    private final int port;

    private MosquittoBroker(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    public static Optional<Path> binary() {
        return Executables.onPath("mosquitto");
    }

    /**
     * Starts mosquitto with {@code listenerConfig} appended after a {@code listener <port> 127.0.0.1} line; the
     * text may use {@code ${home}} for the broker's temporary folder (where the test put certificates or
     * password files).
     */
    public static MosquittoBroker start(Path home, String listenerConfig) {
        return start(home, listenerConfig, FreePort.pick());
    }

    /** Like {@link #start(Path, String)} on a given port, e.g. to restart a broker where clients expect it. */
    static MosquittoBroker start(Path home, String listenerConfig, int port) {
        return startConfigured(home, "persistence false\nlog_dest stderr\nlog_type error\nlog_type warning\n"
                + "listener " + port + " 127.0.0.1\n" + listenerConfig.replace("${home}", home.toString()) + "\n", port);
    }

    /**
     * Starts mosquitto with exactly {@code configText} (written to {@code home}) and waits until {@code port}, one
     * of the listeners it configures, accepts connections. Logs go to {@link #log()} if the text says
     * {@code log_dest stderr}.
     */
    static MosquittoBroker startConfigured(Path home, String configText, int port) {
        try {
            Path config = home.resolve("mosquitto.conf");
            Files.writeString(config, configText);
            Process process = new ProcessBuilder(binary().orElseThrow().toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("mosquitto.log").toFile()).start();
            MosquittoBroker broker = new MosquittoBroker(process, home, port);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(
                            home.resolve("mosquitto.log")));
                }
                return broker.accepting();
            });
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
    }

    /** A plain anonymous listener, for tests that only need a second broker implementation. */
    static MosquittoBroker startPlain() {
        try {
            return start(Files.createTempDirectory("rpm-mosquitto-"), "allow_anonymous true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(home.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }
}
