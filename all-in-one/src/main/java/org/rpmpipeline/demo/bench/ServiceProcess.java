package org.rpmpipeline.demo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rpmpipeline.demo.RpmCli;

/**
 * One service ({@code ./rpm gateway|processor|alerts}) as its own JVM on this JVM's classpath, configured by
 * environment variables, with its output appended to a log file. {@link #kill()} is SIGKILL: no shutdown hook runs.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String command;
    private final Map<String, String> env;
    private final int httpPort;
    private final Path log;
    private final String heap;
    private Process process;

    /**
     * @param command the {@code ./rpm} subcommand: {@code gateway}, {@code processor} or {@code alerts}
     * @param env the service's {@code RPM_*} settings
     * @param httpPort its health port, also set in {@code env}
     */
    ServiceProcess(String command, Map<String, String> env, int httpPort, Path log, String heap) {
        this.command = command;
        this.env = Map.copyOf(env);
        this.httpPort = httpPort;
        this.log = log;
        this.heap = heap;
    }

    String name() {
        return command;
    }

    synchronized void start() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                // the service's own lines and Kafka Streams' state transitions, Kafka's other logs at WARN
                "-Dtinylog.writer.level=info", "-Dtinylog.level@org.apache.kafka=warn",
                "-Dtinylog.level@kafka=warn",
                "-Dtinylog.level@org.apache.kafka.streams.KafkaStreams=info",
                "-Dtinylog.level@org.apache.kafka.streams.processor.internals.StreamThread=info",
                "-Dtinylog.level@org.apache.kafka.streams.processor.internals.StoreChangelogReader=info",
                "-cp", System.getProperty("java.class.path"), RpmCli.class.getName(), command));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("RPM_"));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ./rpm " + command, e);
        }
    }

    /** SIGKILL, then waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** True when {@code /health/ready} answers 200. */
    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, and SIGKILL if it is still running 30 s later. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
