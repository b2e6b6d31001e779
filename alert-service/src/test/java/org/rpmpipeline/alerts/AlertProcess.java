package org.rpmpipeline.alerts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The alert service as its own process, as {@code ./rpm alerts} runs it: {@link AlertMain} in a child JVM on the
 * module's classes and runtime libraries (not its test classes, so it logs with the service's own settings),
 * configured by environment variables only, its output in a file. {@link #kill()} sends SIGKILL.
 */
final class AlertProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AlertProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the service with {@code environment} as its only {@code RPM_*} variables. */
    static AlertProcess start(Map<String, String> environment, Path log) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath,
                AlertMain.class.getName()));
        builder.environment().keySet().removeIf(name -> name.startsWith("RPM_"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new AlertProcess(builder.start(), log);
    }

    /** SIGKILL: no shutdown hook, no commit, no goodbye to the group; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the alert service process did not die");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
