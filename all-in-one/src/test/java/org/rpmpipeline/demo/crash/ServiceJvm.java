package org.rpmpipeline.demo.crash;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rpmpipeline.demo.RpmCli;

/**
 * One service as a user runs it, {@code ./rpm gateway|processor|alerts} in its own JVM on the packaged jar and
 * {@code target/lib}, configured by {@code RPM_*} environment variables. {@link #kill()} is SIGKILL.
 */
final class ServiceJvm implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String command;
    private final Map<String, String> env;
    private final int httpPort;
    private final Path log;
    private Process process;

    private ServiceJvm(String command, Map<String, String> env, int httpPort, Path log) {
        this.command = command;
        this.env = Map.copyOf(env);
        this.httpPort = httpPort;
        this.log = log;
    }

    /** A service whose health port is {@code httpPort}; {@code env} must set it under the service's key. */
    static ServiceJvm of(String command, Map<String, String> env, int httpPort, Path dir) {
        return new ServiceJvm(command, env, httpPort, dir.resolve(command + ".log"));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        Path target = Path.of("target").toAbsolutePath();
        String classpath = target.resolve("rpm-all-in-one.jar") + File.pathSeparator + target.resolve("lib") + "/*";
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dtinylog.writer.level=info", "-Dtinylog.level@org.apache.kafka=warn", "-Dtinylog.level@kafka=warn",
                "-cp", classpath, RpmCli.class.getName(), command))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("RPM_"));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ./rpm " + command, e);
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()}), then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** True when the service answers 200 on {@code /health/ready}. */
    boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The service's output so far, for assertion messages. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
