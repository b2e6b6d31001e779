package org.rpmpipeline.backtest.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.topology.TopologySettings;
import org.tinylog.Logger;

/**
 * Replays a window of history through several rule sets at once: one thread reads {@code rpm.readings} (and the
 * settings topics) in replay order and hands the same batches to one {@link ReplayDriver} per rule set, each on
 * its own thread with its own state, application id and clock. Each lane sees exactly the same records in
 * exactly the same order, so lanes running at different speeds cannot change any result. Reads only; writes
 * nothing to Kafka and commits no offsets.
 */
public final class Replay {
    private static final int BATCH = 512;
    private static final int QUEUED_BATCHES = 32;
    /** Marks the end of the history; compared by identity. */
    private static final List<HistoryRecord> END = java.util.Collections.unmodifiableList(new ArrayList<>());

    private final TopologySettings topology;
    private final Duration tick;
    private final Path stateRoot;
    private final Duration stallTimeout;

    /** One rule set to replay, and where its findings go (called on the lane's own thread, in order). */
    public record Lane(String name, RuleSet rules, java.util.function.Consumer<Finding> findings) {
        public Lane {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(findings, "findings");
        }
    }

    /** What one lane replayed: records piped, readings it could not decode. */
    public record LaneResult(long records, long deadLetters) {
    }

    public record Result(InputStats input, List<LaneResult> lanes) {
    }

    /** Batches of history for one lane, in replay order. */
    @FunctionalInterface
    public interface Batches {
        /** The next batch, or {@code null} at the end. */
        List<HistoryRecord> next() throws InterruptedException;
    }

    /**
     * @param topology the processor's stream settings, with the no-data check interval of the replay
     * @param tick how often, in replay time, the wall-clock checks may run
     * @param stateRoot where each run puts its lanes' state (deleted afterwards)
     * @param stallTimeout how long Kafka may deliver nothing while records are still expected
     */
    public Replay(TopologySettings topology, Duration tick, Path stateRoot, Duration stallTimeout) {
        this.topology = topology;
        this.tick = tick;
        this.stateRoot = stateRoot;
        this.stallTimeout = stallTimeout;
    }

    /** Replays {@code window} of the patients {@code patients} accepts through every lane. */
    public Result run(Supplier<Consumer<byte[], byte[]>> consumers, Window window, Predicate<String> patients,
            List<Lane> lanes) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> thresholds;
        List<ConsumerRecord<byte[], byte[]>> status;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            thresholds = SideTopics.read(consumer, Topics.PATIENT_THRESHOLDS.name(), patients, stallTimeout);
        }
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            status = SideTopics.read(consumer, Topics.DEVICE_STATUS.name(), key -> true, stallTimeout);
        }
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            return run(consumer, window, patients, lanes, thresholds, status);
        }
    }

    private Result run(Consumer<byte[], byte[]> consumer, Window window, Predicate<String> patients,
            List<Lane> lanes, List<ConsumerRecord<byte[], byte[]>> thresholds,
            List<ConsumerRecord<byte[], byte[]>> status) throws InterruptedException {
        List<TopicPartition> partitions = ReadingsTopic.partitions(consumer);
        PartitionMerge merge = new PartitionMerge(consumer,
                ReadingsTopic.ranges(consumer, partitions, window.replayFrom(), window.to()), stallTimeout);
        InputStats stats = new InputStats(window);
        HistoryStream stream = new HistoryStream(merge, thresholds, status, patients, window, stats);

        Path runDir = stateRoot.resolve(UUID.randomUUID().toString());
        ExecutorService executor = Executors.newFixedThreadPool(lanes.size(), r -> {
            Thread t = new Thread(r, "rpm-backtest-lane");
            t.setDaemon(true);
            return t;
        });
        List<BlockingQueue<List<HistoryRecord>>> queues = new ArrayList<>();
        List<Future<LaneResult>> futures = new ArrayList<>();
        try {
            for (Lane lane : lanes) {
                BlockingQueue<List<HistoryRecord>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
                queues.add(queue);
                Path stateDir = runDir.resolve(lane.name());
                String applicationId = "rpm-backtest-" + runDir.getFileName() + "-" + lane.name();
                futures.add(executor.submit(() -> replayLane(lane, applicationId, stateDir, window, () -> {
                    List<HistoryRecord> batch = queue.take();
                    return batch == END ? null : batch;
                })));
            }
            List<HistoryRecord> batch = new ArrayList<>(BATCH);
            for (HistoryRecord record = stream.next(); record != null; record = stream.next()) {
                batch.add(record);
                if (batch.size() == BATCH) {
                    hand(List.copyOf(batch), queues, futures);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                hand(List.copyOf(batch), queues, futures);
            }
            hand(END, queues, futures);
            List<LaneResult> results = new ArrayList<>();
            for (Future<LaneResult> future : futures) {
                results.add(future.get());
            }
            return new Result(stats, results);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(30, TimeUnit.SECONDS);
            delete(runDir);
        }
    }

    /**
     * Replays {@code batches} through one lane's topology on the calling thread, handing its findings on after
     * each batch, then runs the wall-clock checks due up to the end of the window.
     */
    public LaneResult replayLane(Lane lane, String applicationId, Path stateDir, Window window, Batches batches)
            throws InterruptedException {
        try (ReplayDriver driver = new ReplayDriver(applicationId, lane.rules(), topology, stateDir,
                window.replayFrom(), tick)) {
            for (List<HistoryRecord> batch = batches.next(); batch != null; batch = batches.next()) {
                for (HistoryRecord record : batch) {
                    driver.replay(record);
                }
                driver.drain().forEach(lane.findings());
            }
            driver.finish(window.to());
            driver.drain().forEach(lane.findings());
            Logger.debug("lane replayed [lane: {}, records: {}]", lane.name(), driver.records());
            return new LaneResult(driver.records(), driver.deadLetters());
        }
    }

    /** Hands a batch to every lane, giving up if a lane has failed (its queue would never drain). */
    private static void hand(List<HistoryRecord> batch, List<BlockingQueue<List<HistoryRecord>>> queues,
            List<Future<LaneResult>> futures) throws InterruptedException, ExecutionException {
        for (int i = 0; i < queues.size(); i++) {
            while (!queues.get(i).offer(batch, 200, TimeUnit.MILLISECONDS)) {
                if (futures.get(i).isDone()) {
                    futures.get(i).get();
                    throw new IllegalStateException("a replay lane stopped early");
                }
            }
        }
    }

    private static RuntimeException failure(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("replay failed: " + cause, cause);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Logger.warn("cannot delete replay state [dir: {}, error: {}]", dir, e.toString());
        }
    }
}
