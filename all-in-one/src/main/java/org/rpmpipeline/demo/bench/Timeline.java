package org.rpmpipeline.demo.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples every service's backlog twice a second into a CSV ({@code seconds,gateway,processor,alerts,event}) and
 * keeps each service's peak since it was last killed.
 */
final class Timeline implements AutoCloseable {
    private final PrintWriter csv;
    private final Map<String, RecoveryBench.Backlog> backlogs;
    private final long startNanos;
    private final List<String> names;
    private final Map<String, Long> peaks = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    Timeline(Path file, Map<String, RecoveryBench.Backlog> backlogs, long startNanos) throws IOException {
        this.csv = new PrintWriter(Files.newBufferedWriter(file));
        this.backlogs = backlogs;
        this.startNanos = startNanos;
        this.names = List.copyOf(new TreeMap<>(backlogs).keySet());
        this.thread = new Thread(this::run, "rpm-bench-timeline");
        this.thread.setDaemon(true);
        csv.println("seconds," + String.join(",", names) + ",event");
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!stopped) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.1f", seconds()));
            for (String name : names) {
                long value;
                try {
                    value = backlogs.get(name).now();
                } catch (InterruptedException e) {
                    return;
                }
                peaks.merge(name, value, Math::max);
                line.append(',').append(value);
            }
            synchronized (csv) {
                csv.println(line.append(','));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes an event line; "&lt;service&gt; killed" also resets that service's peak. */
    void mark(String event) {
        if (event.endsWith(" killed")) {
            peaks.put(event.substring(0, event.length() - " killed".length()), -1L);
        }
        synchronized (csv) {
            csv.printf(Locale.ROOT, "%.1f%s,%s%n", seconds(), ",".repeat(names.size()), event);
            csv.flush();
        }
    }

    long peak(String name) {
        return peaks.getOrDefault(name, -1L);
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5000);
        synchronized (csv) {
            csv.close();
        }
    }
}
