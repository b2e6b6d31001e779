package org.rpmpipeline.backtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.processor.ProcessorConfig;
import org.rpmpipeline.processor.topology.TopologySettings;

/**
 * The backtest's settings. It reads the services' own keys wherever the meaning is the same, so pointed at a
 * deployment's configuration it replays with the processor's stream settings and rules file and counts
 * notifications with the alert service's care teams: {@code rpm.kafka.bootstrap-servers} and {@code kafka.*},
 * the processor's {@code rpm.processor.rules-file} (the default baseline), {@code dedup-retention},
 * {@code late-after} and {@code adherence-check-interval}, and the alert service's
 * {@code rpm.alerts.care-teams-file} and {@code default-recipient}; {@code rpm.processor.rocksdb-memory-mib} bounds
 * the replay's local state as it bounds the processor's. Its own keys are {@code rpm.backtest.*}.
 *
 * @param liveRules the processor's rules file, if configured: the default baseline
 * @param topology the processor's stream settings, with {@code silenceCheckInterval} as the no-data check
 * @param silenceCheckInterval how often, in replay time, silent devices are looked for (live: every minute)
 * @param kafkaTimeout how long Kafka may take to answer or deliver before the backtest gives up
 * @param threads how many shards of patients are replayed in parallel, one thread each
 * @param shareIdenticalRules run a rule both rule sets define identically once (off: every candidate rule runs as
 *     a copy of its own, to check that two copies of the same rules agree)
 * @param rocksDbMemoryMib the processor's RocksDB budget, here shared by all of a replay's stores; 0 = defaults
 */
public record BacktestConfig(
        String bootstrapServers,
        Map<String, String> kafkaOverrides,
        Optional<Path> liveRules,
        TopologySettings topology,
        Duration silenceCheckInterval,
        CareTeams careTeams,
        Path stateDir,
        Duration kafkaTimeout,
        int threads,
        boolean shareIdenticalRules,
        int rocksDbMemoryMib) {

    public static final String STATE_DIR = "rpm.backtest.state-dir";
    public static final String SILENCE_CHECK_INTERVAL = "rpm.backtest.silence-check-interval";
    public static final String KAFKA_TIMEOUT = "rpm.backtest.kafka-timeout";
    public static final String THREADS = "rpm.backtest.threads";
    public static final String SHARE_IDENTICAL_RULES = "rpm.backtest.share-identical-rules";

    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|jaas|secret|credential|token).*");

    public BacktestConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        kafkaOverrides = Map.copyOf(kafkaOverrides);
        Objects.requireNonNull(liveRules, "liveRules");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(careTeams, "careTeams");
        Objects.requireNonNull(stateDir, "stateDir");
    }

    /** Reads and validates every key; a bad value is a {@code ConfigException} naming the key. */
    public static BacktestConfig from(Settings settings) {
        Optional<Path> liveRules = settings.existingFile(ProcessorConfig.RULES_FILE);
        // the processor's own parsing and validation of its stream settings; its rules file is read above
        ProcessorConfig processor = ProcessorConfig.from(settings.with(Map.of(ProcessorConfig.RULES_FILE, "")));
        Duration silenceCheck = settings.duration(SILENCE_CHECK_INTERVAL, Duration.ofHours(1));
        if (silenceCheck.compareTo(Duration.ofMinutes(1)) < 0 || silenceCheck.compareTo(Duration.ofHours(1)) > 0) {
            throw Settings.invalid(SILENCE_CHECK_INTERVAL, "must be between 1m and 1h",
                    settings.raw(SILENCE_CHECK_INTERVAL).orElse(""));
        }
        TopologySettings live = processor.topology();
        TopologySettings topology = new TopologySettings(live.dedupRetention(), live.lateAfter(), silenceCheck,
                live.adherenceCheckInterval());
        String recipient = settings.string(AlertConfig.DEFAULT_RECIPIENT, "care-team");
        CareTeams teams = settings.existingFile(AlertConfig.CARE_TEAMS_FILE)
                .map(file -> CareTeams.load(file, AlertConfig.CARE_TEAMS_FILE))
                .orElseGet(() -> CareTeams.single(recipient));
        Path stateDir = Path.of(settings.string(STATE_DIR,
                Path.of(System.getProperty("java.io.tmpdir"), "rpm-backtest").toString()));
        Duration timeout = settings.duration(KAFKA_TIMEOUT, Duration.ofSeconds(60));
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw Settings.invalid(KAFKA_TIMEOUT, "must be between 1s and 1h", settings.raw(KAFKA_TIMEOUT).orElse(""));
        }
        int threads = settings.integer(THREADS, Math.min(8, Runtime.getRuntime().availableProcessors()), 1, 64);
        boolean share = settings.bool(SHARE_IDENTICAL_RULES, true);
        return new BacktestConfig(processor.bootstrapServers(), settings.kafkaOverrides(), liveRules, topology,
                silenceCheck, teams, stateDir, timeout, threads, share, processor.rocksDbMemoryMib());
    }

    /** How often the replay's wall clock moves: the shorter of the silence and adherence check intervals. */
    public Duration tick() {
        return silenceCheckInterval.compareTo(topology.adherenceCheckInterval()) <= 0 ? silenceCheckInterval
                : topology.adherenceCheckInterval();
    }

    /**
     * A reading consumer: assigned partitions only, no consumer group and no offset commits (the backtest leaves
     * no trace on the cluster), committed records only. Pass-through {@code kafka.*} settings win.
     */
    public Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "rpm-backtest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(kafkaTimeout.toMillis()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(kafkaOverrides);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        kafkaOverrides.forEach((k, v) -> masked.put(k, SECRET_KEY.matcher(k).matches() ? "****" : v));
        return "BacktestConfig[bootstrapServers=" + bootstrapServers + ", liveRules="
                + liveRules.map(Path::toString).orElse("(bundled)") + ", topology=" + topology
                + ", careTeams=" + careTeams.teams().size() + " team(s), stateDir=" + stateDir + ", kafkaTimeout="
                + kafkaTimeout + ", kafkaOverrides=" + masked + "]";
    }
}
