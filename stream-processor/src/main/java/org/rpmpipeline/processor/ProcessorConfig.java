package org.rpmpipeline.processor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.rpmpipeline.contract.config.GroupMembership;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.http.HttpSettings;
import org.rpmpipeline.processor.topology.ReadingDeadLetterHandler;
import org.rpmpipeline.processor.topology.TopologySettings;

/**
 * The processor's settings, each key declared once here with its default and validation. Kafka client settings
 * ({@code kafka.*} / {@code RPM_KAFKA_PROPERTY_*}) pass through to Kafka Streams unchanged and win over the
 * values derived here. A bad value is a {@link org.rpmpipeline.contract.config.ConfigException} naming the key.
 *
 * @param rulesFile a rules file replacing the bundled default rules, if set
 * @param http the health and metrics server: {@code rpm.processor.http-port} (0 picks a free port, -1 serves no
 *     HTTP), {@code rpm.processor.http-bind} (default 127.0.0.1) and the limits ({@link HttpSettings})
 * @param cacheMaxBytes record cache shared by all stream threads of the instance, bounding memory before RocksDB
 * @param rocksDbMemoryMib block cache and memtables of all RocksDB stores of the instance; 0 = RocksDB defaults
 * @param topology dedup retention, lateness bound and no-data check interval
 * @param membership static membership id and session timeout of the main consumer (one per stream thread; Kafka
 *     Streams appends the thread index to the instance id)
 */
public record ProcessorConfig(
        String bootstrapServers,
        String applicationId,
        Optional<Path> rulesFile,
        Path stateDir,
        HttpSettings http,
        Duration commitInterval,
        int standbyReplicas,
        String processingGuarantee,
        int streamThreads,
        long cacheMaxBytes,
        int rocksDbMemoryMib,
        TopologySettings topology,
        GroupMembership membership,
        Map<String, String> kafkaOverrides) {

    public static final String BOOTSTRAP_SERVERS = "rpm.kafka.bootstrap-servers";
    public static final String APPLICATION_ID = "rpm.processor.application-id";
    public static final String RULES_FILE = "rpm.processor.rules-file";
    public static final String STATE_DIR = "rpm.processor.state-dir";
    public static final String HTTP_PORT = "rpm.processor.http-port";
    public static final String HTTP_BIND = "rpm.processor.http-bind";
    /** The prefix of the HTTP server's keys ({@link HttpSettings}). */
    public static final String HTTP_PREFIX = "rpm.processor";
    public static final String COMMIT_INTERVAL = "rpm.processor.commit-interval";
    public static final String STANDBY_REPLICAS = "rpm.processor.standby-replicas";
    public static final String PROCESSING_GUARANTEE = "rpm.processor.processing-guarantee";
    public static final String STREAM_THREADS = "rpm.processor.stream-threads";
    public static final String CACHE_MAX_BYTES = "rpm.processor.cache-max-bytes";
    public static final String ROCKSDB_MEMORY_MIB = "rpm.processor.rocksdb-memory-mib";
    public static final String DEDUP_RETENTION = "rpm.processor.dedup-retention";
    public static final String LATE_AFTER = "rpm.processor.late-after";
    public static final String NO_DATA_CHECK_INTERVAL = "rpm.processor.no-data-check-interval";
    public static final String ADHERENCE_CHECK_INTERVAL = "rpm.processor.adherence-check-interval";
    public static final String INSTANCE_ID = "rpm.processor.instance-id";
    public static final String SESSION_TIMEOUT = "rpm.processor.session-timeout";

    public static final String DEFAULT_APPLICATION_ID = "rpm-stream-processor";
    public static final int DEFAULT_HTTP_PORT = 8082;

    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|jaas|secret|credential|token).*");

    public ProcessorConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(rulesFile, "rulesFile");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(processingGuarantee, "processingGuarantee");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(membership, "membership");
        kafkaOverrides = Map.copyOf(kafkaOverrides);
    }

    /** Reads and validates every key; a bad value is a {@link ConfigException} naming the key. */
    public static ProcessorConfig from(Settings settings) {
        String bootstrap = settings.string(BOOTSTRAP_SERVERS, "localhost:9092");
        String applicationId = settings.string(APPLICATION_ID, DEFAULT_APPLICATION_ID);
        if (!APP_ID.matcher(applicationId).matches()) {
            throw Settings.invalid(APPLICATION_ID, "must match " + APP_ID.pattern(), applicationId);
        }
        Optional<Path> rulesFile = settings.existingFile(RULES_FILE);
        Path stateDir = Path.of(settings.string(STATE_DIR,
                Path.of(System.getProperty("java.io.tmpdir"), "rpm-stream-processor").toString()));
        // the health and metrics endpoints take no body
        HttpSettings http = HttpSettings.from(settings, HTTP_PREFIX, DEFAULT_HTTP_PORT, 16 * 1024);
        Duration commitInterval = settings.duration(COMMIT_INTERVAL, Duration.ofMillis(100));
        if (commitInterval.isNegative() || commitInterval.isZero() || commitInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw Settings.invalid(COMMIT_INTERVAL, "must be between 1ms and 10m",
                    settings.raw(COMMIT_INTERVAL).orElse(""));
        }
        int standbys = settings.integer(STANDBY_REPLICAS, 0, 0, 10);
        String guarantee = settings.string(PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2)
                .toLowerCase(Locale.ROOT);
        if (!guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) && !guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
            throw Settings.invalid(PROCESSING_GUARANTEE,
                    "must be " + StreamsConfig.EXACTLY_ONCE_V2 + " or " + StreamsConfig.AT_LEAST_ONCE, guarantee);
        }
        int threads = settings.integer(STREAM_THREADS, 1, 1, 64);
        long cacheMaxBytes = settings.integer(CACHE_MAX_BYTES, 10 * 1024 * 1024, 0, Integer.MAX_VALUE);
        int rocksDbMemoryMib = settings.integer(ROCKSDB_MEMORY_MIB, 128, 0, 1024 * 1024);
        TopologySettings defaults = TopologySettings.DEFAULTS;
        TopologySettings topology = new TopologySettings(
                positive(settings, DEDUP_RETENTION, defaults.dedupRetention()),
                positive(settings, LATE_AFTER, defaults.lateAfter()),
                positive(settings, NO_DATA_CHECK_INTERVAL, defaults.noDataCheckInterval()),
                positive(settings, ADHERENCE_CHECK_INTERVAL, defaults.adherenceCheckInterval()));
        return new ProcessorConfig(bootstrap, applicationId, rulesFile, stateDir, http, commitInterval, standbys,
                guarantee, threads, cacheMaxBytes, rocksDbMemoryMib, topology,
                GroupMembership.from(settings, "rpm.processor"), settings.kafkaOverrides());
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw Settings.invalid(key, "must be a positive duration", settings.raw(key).orElse(""));
        }
        return value;
    }

    /** The configured HTTP port; 0 picks a free one, -1 serves no HTTP. */
    public int httpPort() {
        return http.port();
    }

    /** A copy with another application id and state directory: for a second instance in the same JVM. */
    public ProcessorConfig withInstance(String newApplicationId, Path newStateDir) {
        return new ProcessorConfig(bootstrapServers, newApplicationId, rulesFile, newStateDir, http,
                commitInterval, standbyReplicas, processingGuarantee, streamThreads, cacheMaxBytes, rocksDbMemoryMib,
                topology, membership, kafkaOverrides);
    }

    /** The Kafka Streams configuration: derived settings first, pass-through overrides on top. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitInterval.toMillis()));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, String.valueOf(standbyReplicas));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(streamThreads));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, String.valueOf(cacheMaxBytes));
        if (rocksDbMemoryMib > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.ConfigSetter.class.getName());
        }
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // the main consumer's group membership (the restore and global consumers join no group)
        membership.consumerProperties().forEach((key, value) -> p.put(StreamsConfig.mainConsumerPrefix(key), value));
        p.putAll(errorHandling());
        p.putAll(kafkaOverrides);
        return p;
    }

    /**
     * The error policy, shared with topology tests: an undecodable input record goes to {@code rpm.rejected} and
     * processing continues; an exception inside a rule is logged and the record skipped.
     */
    public static Map<String, String> errorHandling() {
        return Map.of(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, ReadingDeadLetterHandler.class.getName(),
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName(),
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    }

    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        kafkaOverrides.forEach((k, v) -> masked.put(k, SECRET_KEY.matcher(k).matches() ? "****" : v));
        return "ProcessorConfig[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", rulesFile=" + rulesFile.map(Path::toString).orElse("(bundled)") + ", stateDir=" + stateDir
                + ", http=" + http + ", commitInterval=" + commitInterval + ", standbyReplicas="
                + standbyReplicas + ", processingGuarantee=" + processingGuarantee + ", streamThreads="
                + streamThreads + ", cacheMaxBytes=" + cacheMaxBytes + ", rocksDbMemoryMib=" + rocksDbMemoryMib
                + ", topology=" + topology + ", membership=" + membership
                + ", kafkaOverrides=" + masked + "]";
    }
}
