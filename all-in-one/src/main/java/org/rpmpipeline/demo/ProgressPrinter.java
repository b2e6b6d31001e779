package org.rpmpipeline.demo;

import java.io.PrintWriter;

/**
 * Prints the stack's start as it happens, one line per step with the seconds since the command started, in the
 * same form as the alert lines that follow:
 *
 * <pre>
 * [   0.0 s] starting Kafka on localhost:9092
 * [   3.1 s] Kafka ready
 * </pre>
 */
final class ProgressPrinter implements StartupProgress {
    private final PrintWriter out;
    private final long startedNanos;

    ProgressPrinter(PrintWriter out, long startedNanos) {
        this.out = out;
        this.startedNanos = startedNanos;
    }

    @Override
    public void starting(String what) {
        line("starting " + what);
    }

    @Override
    public void ready(String what) {
        line(what + " ready");
    }

    private synchronized void line(String text) {
        out.printf("[%6.1f s] %s%n", (System.nanoTime() - startedNanos) / 1e9, text);
        out.flush();
    }
}
