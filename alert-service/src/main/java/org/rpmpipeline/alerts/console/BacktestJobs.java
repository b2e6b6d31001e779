package org.rpmpipeline.alerts.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * The console's backtests: at most one runs at a time in this service, on a thread of its own; the reports of the
 * last {@link #KEPT} are kept in a temporary directory of the service's, which is deleted when the console closes.
 */
final class BacktestJobs implements AutoCloseable {
    /** Finished backtests whose reports are kept; older ones are deleted. */
    static final int KEPT = 3;
    /** A report file larger than this is not served (the page says so). */
    static final long MAX_REPORT_BYTES = 64L * 1024 * 1024;

    private final Optional<BacktestRunner> runner;
    private final Clock clock;
    /** Newest first. */
    private final Deque<Job> jobs = new ArrayDeque<>();
    private ExecutorService executor;
    private Path dir;
    private boolean closed;

    BacktestJobs(Optional<BacktestRunner> runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    enum State { RUNNING, WRITTEN, REFUSED, FAILED }

    /** A backtest started from the console. */
    record Job(String id, String actor, String candidate, String sha256, String scope, Instant started,
            State state, String message, Instant finished, Path dir) {
        Job end(State state, String message, Instant at) {
            return new Job(id, actor, candidate, sha256, scope, started, state, message, at, dir);
        }
    }

    /** Another backtest is running; the message says whose and since when. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message, null, false, false);
        }
    }

    Optional<BacktestRunner> runner() {
        return runner;
    }

    synchronized Optional<Job> running() {
        return jobs.stream().filter(j -> j.state() == State.RUNNING).findFirst();
    }

    synchronized List<Job> jobs() {
        return List.copyOf(jobs);
    }

    synchronized Optional<Job> job(String id) {
        return jobs.stream().filter(j -> j.id().equals(id)).findFirst();
    }

    /** Refuses with {@link Busy} while a backtest runs. */
    synchronized void checkIdle() {
        Optional<Job> busy = running();
        if (busy.isPresent()) {
            throw new Busy("A backtest started by " + busy.get().actor() + " at " + busy.get().started()
                    + " is still running: one runs at a time. Wait for it to finish and start yours then.");
        }
    }

    /**
     * Starts {@code prepared} for {@code actor}; {@code beforeRun} (the audit record) runs first, under the lock,
     * and nothing starts if it throws.
     */
    synchronized Job start(BacktestRunner.Prepared prepared, String actor, Runnable beforeRun) {
        if (closed) {
            throw new Busy("The console is shutting down.");
        }
        checkIdle();
        beforeRun.run();
        String id = UUID.randomUUID().toString();
        Path out;
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("rpm-console-backtest-");
            }
            out = Files.createDirectory(dir.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the backtest's report directory", e);
        }
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rpm-console-backtest");
                t.setDaemon(true);
                return t;
            });
        }
        Job job = new Job(id, actor, prepared.candidate(), prepared.sha256(), prepared.scope(), clock.instant(),
                State.RUNNING, null, null, out);
        jobs.addFirst(job);
        executor.execute(() -> run(job, prepared));
        return job;
    }

    private void run(Job job, BacktestRunner.Prepared prepared) {
        State state;
        String message;
        try {
            BacktestRunner.Outcome outcome = prepared.run(job.dir());
            if (outcome instanceof BacktestRunner.Written written) {
                state = State.WRITTEN;
                message = written.summary();
            } else {
                state = State.REFUSED;
                message = ((BacktestRunner.Refused) outcome).reason();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = State.FAILED;
            message = "stopped: the service is shutting down";
        } catch (Exception | LinkageError e) {
            Logger.warn(e, "console backtest failed [job: {}]", job.id());
            state = State.FAILED;
            message = "the backtest failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse(""));
        }
        finish(job, state, message);
    }

    private synchronized void finish(Job job, State state, String message) {
        Job done = job.end(state, message, clock.instant());
        if (!jobs.remove(job)) {
            return;
        }
        jobs.addFirst(done);
        Logger.info("console backtest ended [job: {}, state: {}]", job.id(), state);
        while (jobs.size() > KEPT) {
            delete(jobs.removeLast().dir());
        }
    }

    /** A report file of a finished backtest, if it was written and is not too large to serve. */
    synchronized Optional<Path> report(String id, String file) {
        return job(id).filter(j -> j.state() == State.WRITTEN).map(j -> j.dir().resolve(file))
                .filter(Files::isRegularFile).filter(p -> size(p) <= MAX_REPORT_BYTES);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void close() {
        ExecutorService running;
        synchronized (this) {
            closed = true;
            running = executor;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (dir != null) {
                delete(dir);
            }
            jobs.clear();
        }
    }

    private static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    Logger.warn("cannot delete a backtest report file [path: {}]", p);
                }
            });
        } catch (IOException e) {
            Logger.warn("cannot delete the backtest reports [path: {}]", root);
        }
    }
}
