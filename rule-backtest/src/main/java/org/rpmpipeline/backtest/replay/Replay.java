package org.rpmpipeline.backtest.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
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
import org.rpmpipeline.processor.RocksDbMemory;
import org.rpmpipeline.processor.topology.TopologySettings;
import org.tinylog.Logger;

/**
 * Replays a window of history through the lanes of a {@link LanePlan}. One thread reads {@code rpm.readings}
 * (and the settings topics) in replay order and hands the records to workers: the patients are split into
 * {@code shards} by a hash of their id (a patient's readings and settings always reach the same shard, whose
 * global settings store then holds every patient its rules ask about), every device-status record reaches every
 * shard, and each shard runs each lane in a {@link ReplayDriver} of its own, on its own thread, with its own
 * state, application id and clock. A rule's findings depend only on its patient's history, so how many shards there are and how fast each
 * runs change nothing in the result. Reads only: writes nothing to Kafka and commits no offsets.
 */
public final class Replay {
    private static final int BATCH = 512;
    private static final int QUEUED_BATCHES = 32;
    /** Marks the end of the history; compared by identity. */
    private static final List<HistoryRecord> END = Collections.unmodifiableList(new ArrayList<>());

    private final TopologySettings topology;
    private final Duration tick;
    private final Path stateRoot;
    private final Duration stallTimeout;
    private final long rocksDbBytes;

    /** What one worker replayed: records piped, readings it could not decode. */
    public record LaneResult(long records, long deadLetters) {
    }

    /** What was read, and (over the shards of the first lane) records replayed and readings not decoded. */
    public record Result(InputStats input, long records, long deadLetters) {
    }

    /** Batches of history for one worker, in replay order. */
    @FunctionalInterface
    public interface Batches {
        /** The next batch, or {@code null} at the end. */
        List<HistoryRecord> next() throws InterruptedException;
    }

    /**
     * @param topology the processor's stream settings, with the no-data check interval of the replay
     * @param tick how often, in replay time, the wall-clock checks may run
     * @param stateRoot where each run puts its workers' state (deleted afterwards)
     * @param stallTimeout how long Kafka may deliver nothing while records are still expected
     */
    public Replay(TopologySettings topology, Duration tick, Path stateRoot, Duration stallTimeout) {
        this(topology, tick, stateRoot, stallTimeout, 0);
    }

    /** @param rocksDbBytes one RocksDB block cache and write-buffer budget shared by all workers; 0 = defaults */
    public Replay(TopologySettings topology, Duration tick, Path stateRoot, Duration stallTimeout, long rocksDbBytes) {
        this.topology = topology;
        this.tick = tick;
        this.stateRoot = stateRoot;
        this.stallTimeout = stallTimeout;
        this.rocksDbBytes = rocksDbBytes;
    }

    /**
     * Replays {@code window} of the patients {@code patients} accepts through every lane.
     *
     * @param sinks makes the findings sink of each worker (called on this thread before any worker starts; each
     *     sink is then called on its worker's thread only)
     */
    public Result run(Supplier<Consumer<byte[], byte[]>> consumers, Window window, Predicate<String> patients,
            List<LanePlan.Lane> lanes, int shards, Supplier<LanePlan.Sink> sinks) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> thresholds;
        List<ConsumerRecord<byte[], byte[]>> status;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            thresholds = SideTopics.read(consumer, Topics.PATIENT_THRESHOLDS.name(), patients, stallTimeout);
        }
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            status = SideTopics.read(consumer, Topics.DEVICE_STATUS.name(), key -> true, stallTimeout);
        }
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = ReadingsTopic.partitions(consumer);
            PartitionMerge merge = new PartitionMerge(consumer,
                    ReadingsTopic.ranges(consumer, partitions, window.replayFrom(), window.to()), stallTimeout);
            InputStats stats = new InputStats(window);
            HistoryStream stream = new HistoryStream(merge, thresholds, status, patients, window, stats);
            List<LaneResult> first = fanOut(stream, window, lanes, shards, sinks);
            return new Result(stats, first.stream().mapToLong(LaneResult::records).sum(),
                    first.stream().mapToLong(LaneResult::deadLetters).sum());
        }
    }

    /** Runs the workers and feeds them; the results of the first lane's workers, one per shard. */
    private List<LaneResult> fanOut(HistoryStream stream, Window window, List<LanePlan.Lane> lanes, int shards,
            Supplier<LanePlan.Sink> sinks) throws InterruptedException {
        Path runDir = stateRoot.resolve(UUID.randomUUID().toString());
        RocksDbMemory memory = rocksDbBytes > 0 ? new RocksDbMemory(rocksDbBytes) : null;
        ExecutorService executor = Executors.newFixedThreadPool(shards * lanes.size(), r -> {
            Thread t = new Thread(r, "rpm-backtest-worker");
            t.setDaemon(true);
            return t;
        });
        List<List<BlockingQueue<List<HistoryRecord>>>> queues = new ArrayList<>();
        List<Future<LaneResult>> futures = new ArrayList<>();
        List<Future<LaneResult>> firstLane = new ArrayList<>();
        try {
            for (int shard = 0; shard < shards; shard++) {
                List<BlockingQueue<List<HistoryRecord>>> shardQueues = new ArrayList<>();
                for (int l = 0; l < lanes.size(); l++) {
                    BlockingQueue<List<HistoryRecord>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
                    shardQueues.add(queue);
                    String name = "shard" + shard + "-lane" + l;
                    LanePlan.Lane lane = lanes.get(l);
                    LanePlan.Sink sink = sinks.get();
                    Future<LaneResult> future = executor.submit(() -> replay(lane,
                            "rpm-backtest-" + runDir.getFileName() + "-" + name, runDir.resolve(name), window, () -> {
                                List<HistoryRecord> batch = queue.take();
                                return batch == END ? null : batch;
                            }, sink, memory));
                    futures.add(future);
                    if (l == 0) {
                        firstLane.add(future);
                    }
                }
                queues.add(shardQueues);
            }
            List<List<HistoryRecord>> batches = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                batches.add(new ArrayList<>(BATCH));
            }
            for (HistoryRecord record = stream.next(); record != null; record = stream.next()) {
                if (record.source() == HistoryRecord.Source.DEVICE_STATUS) {
                    for (int shard = 0; shard < shards; shard++) {
                        add(record, shard, batches, queues, futures);
                    }
                } else {
                    add(record, Math.floorMod(record.key().hashCode(), shards), batches, queues, futures);
                }
            }
            for (int shard = 0; shard < shards; shard++) {
                if (!batches.get(shard).isEmpty()) {
                    hand(List.copyOf(batches.get(shard)), queues.get(shard), futures);
                }
                hand(END, queues.get(shard), futures);
            }
            for (Future<LaneResult> future : futures) {
                future.get();
            }
            List<LaneResult> results = new ArrayList<>();
            for (Future<LaneResult> future : firstLane) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } finally {
            executor.shutdownNow();
            boolean stopped = executor.awaitTermination(30, TimeUnit.SECONDS);
            if (memory != null && stopped) {
                memory.close();
            }
            delete(runDir);
        }
    }

    private static void add(HistoryRecord record, int shard, List<List<HistoryRecord>> batches,
            List<List<BlockingQueue<List<HistoryRecord>>>> queues, List<Future<LaneResult>> futures)
            throws InterruptedException, ExecutionException {
        List<HistoryRecord> batch = batches.get(shard);
        batch.add(record);
        if (batch.size() == BATCH) {
            hand(List.copyOf(batch), queues.get(shard), futures);
            batch.clear();
        }
    }

    /**
     * Replays {@code batches} through one lane on the calling thread, routing its findings to {@code sink} after
     * each batch, then runs the wall-clock checks due up to the end of the window.
     */
    public LaneResult replay(LanePlan.Lane lane, String applicationId, Path stateDir, Window window,
            Batches batches, LanePlan.Sink sink) throws InterruptedException {
        return replay(lane, applicationId, stateDir, window, batches, sink, null);
    }

    private LaneResult replay(LanePlan.Lane lane, String applicationId, Path stateDir, Window window,
            Batches batches, LanePlan.Sink sink, RocksDbMemory memory) throws InterruptedException {
        try (ReplayDriver driver = new ReplayDriver(applicationId, lane.rules(), topology, stateDir,
                window.replayFrom(), tick, memory)) {
            for (List<HistoryRecord> batch = batches.next(); batch != null; batch = batches.next()) {
                for (HistoryRecord record : batch) {
                    driver.replay(record.source() == HistoryRecord.Source.PATIENT_THRESHOLDS
                            ? new HistoryRecord(record.source(), record.key(),
                                    PersonalBands.forLane(record.value(), lane.renamedThresholds()), record.timestamp())
                            : record);
                }
                route(driver.drain(), lane, sink);
            }
            driver.finish(window.to());
            route(driver.drain(), lane, sink);
            Logger.debug("lane replayed [application: {}, records: {}]", applicationId, driver.records());
            return new LaneResult(driver.records(), driver.deadLetters());
        }
    }

    private static void route(List<Finding> findings, LanePlan.Lane lane, LanePlan.Sink sink) {
        for (Finding finding : findings) {
            lane.route(finding, sink);
        }
    }

    /** Hands a batch to every lane of a shard, giving up if a worker has failed (its queue would never drain). */
    private static void hand(List<HistoryRecord> batch, List<BlockingQueue<List<HistoryRecord>>> queues,
            List<Future<LaneResult>> futures) throws InterruptedException, ExecutionException {
        for (BlockingQueue<List<HistoryRecord>> queue : queues) {
            while (!queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
                for (Future<LaneResult> future : futures) {
                    if (future.isDone()) {
                        future.get();
                        throw new IllegalStateException("a replay worker stopped early");
                    }
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
