package org.rpmpipeline.backtest.replay;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.processor.ProcessorConfig;
import org.rpmpipeline.processor.RocksDbMemory;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.topology.TopologySettings;
import org.rpmpipeline.processor.topology.VitalsTopology;

/**
 * Runs the live processor's topology ({@link VitalsTopology#build}, with the processor's error handling) over
 * replayed history, one record at a time, in a {@link TopologyTestDriver}: an isolated Kafka Streams task with
 * its own application id, its own state directory and in-memory output topics, which never connects to a broker.
 *
 * <p>Time is the replay's, never the machine's: the topology's clock shows the Kafka time of the record being
 * replayed (its own, even if an earlier record had a later one), and the driver's wall clock (which fires the no-data and adherence checks) is moved in steps of
 * {@code tick} as the replay reaches each step, with the clock showing that step while its checks run.
 * What the topology writes besides findings (state changelogs, adherence records, dead letters) is read off
 * and dropped after each batch; undecodable readings are counted.
 */
public final class ReplayDriver implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final ReplayClock clock;
    private final long tickMillis;
    private final Map<HistoryRecord.Source, TestInputTopic<String, byte[]>> inputs =
            new EnumMap<>(HistoryRecord.Source.class);
    private final TestOutputTopic<String, Finding> findings;
    private final Map<String, TestOutputTopic<byte[], byte[]>> others = new HashMap<>();
    private long wallMillis;
    private long deadLetters;
    private long records;

    /**
     * @param applicationId the application id of this replay, unique per run and rule set
     * @param start where the replay starts: the clock shows it until the first record
     * @param tick how often the wall-clock checks run, in replay time
     */
    public ReplayDriver(String applicationId, RuleSet rules, TopologySettings settings, Path stateDir,
            Instant start, Duration tick) {
        this(applicationId, rules, settings, stateDir, start, tick, null);
    }

    /** @param memory the RocksDB budget this driver's stores share with others, or {@code null} for defaults */
    public ReplayDriver(String applicationId, RuleSet rules, TopologySettings settings, Path stateDir,
            Instant start, Duration tick, RocksDbMemory memory) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive");
        }
        this.clock = new ReplayClock(start);
        this.tickMillis = tick.toMillis();
        this.wallMillis = Math.floorDiv(start.toEpochMilli(), tickMillis) * tickMillis;
        Topology topology = VitalsTopology.build(rules, settings, clock);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(ProcessorConfig.errorHandling());
        // the driver flushes the record cache after every record anyway: without it each write goes straight through
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        if (memory != null) {
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.ConfigSetter.class.getName());
            props.put(RocksDbMemory.CONFIG_KEY, memory);
        }
        this.driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(wallMillis));
        Set<String> sources = sourceTopics(topology);
        for (HistoryRecord.Source source : HistoryRecord.Source.values()) {
            if (sources.contains(source.topicName())) {
                inputs.put(source, driver.createInputTopic(source.topicName(), new StringSerializer(),
                        new ByteArraySerializer()));
            }
        }
        this.findings = driver.createOutputTopic(Topics.FINDINGS.name(), Topics.FINDINGS.keySerde().deserializer(),
                Topics.FINDINGS.valueSerde().deserializer());
    }

    /** Replays one record: runs the wall-clock checks due before it, then the record. */
    public void replay(HistoryRecord record) {
        advanceTo(record.timestamp());
        clock.set(Instant.ofEpochMilli(record.timestamp()));
        TestInputTopic<String, byte[]> input = inputs.get(record.source());
        if (input != null) {
            input.pipeInput(new TestRecord<>(record.key(), record.value(), null, record.timestamp()));
            records++;
        }
    }

    /** Runs the wall-clock checks due up to {@code end} (exclusive). */
    public void finish(Instant end) {
        advanceTo(end.toEpochMilli() - 1);
    }

    /** The findings since the last call, in the order the topology wrote them; drops the other output. */
    public List<Finding> drain() {
        List<Finding> out = new ArrayList<>(findings.readValuesToList());
        for (String topic : driver.producedTopicNames()) {
            if (topic.equals(Topics.FINDINGS.name())) {
                continue;
            }
            TestOutputTopic<byte[], byte[]> output = others.computeIfAbsent(topic,
                    t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            long n = output.getQueueSize();
            for (long i = 0; i < n; i++) {
                output.readRecord();
            }
            if (topic.equals(Topics.REJECTED.name())) {
                deadLetters += n;
            }
        }
        return out;
    }

    /** Records piped into the topology so far. */
    public long records() {
        return records;
    }

    /** Readings the topology could not decode (they went to its dead-letter output), so far. */
    public long deadLetters() {
        return deadLetters;
    }

    /** The clock the topology stamps findings with. */
    public Clock clock() {
        return clock;
    }

    private void advanceTo(long millis) {
        while (wallMillis + tickMillis <= millis) {
            wallMillis += tickMillis;
            clock.set(Instant.ofEpochMilli(wallMillis));
            driver.advanceWallClockTime(Duration.ofMillis(tickMillis));
        }
    }

    private static Set<String> sourceTopics(Topology topology) {
        TopologyDescription description = topology.describe();
        Set<String> topics = new HashSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                topics.addAll(source.topicSet());
            }
        }));
        description.globalStores().forEach(g -> {
            if (g.source().topicSet() != null) {
                topics.addAll(g.source().topicSet());
            }
        });
        return topics;
    }

    @Override
    public void close() {
        driver.close();
    }
}
