package org.rpmpipeline.processor;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rpmpipeline.http.HealthEndpoints;
import org.rpmpipeline.http.HealthServer;
import org.rpmpipeline.processor.rules.PatientOverrides;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.rpmpipeline.processor.topology.VitalsTopology;
import org.tinylog.Logger;

/**
 * The stream-processor service: one Kafka Streams client running {@link VitalsTopology}, plus the health and
 * metrics endpoints. Ready while the client is {@code RUNNING}. A stream thread that dies of an unexpected
 * exception is replaced. Local state is never wiped at start (no {@code cleanUp()}): it is rebuilt from the
 * changelogs only when Kafka Streams itself decides it is invalid. Holds no static state, so several instances
 * with different application ids can share a JVM.
 */
public final class Processor implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long start waits for the topics of the global stores to be visible (just created, broker restarting). */
    private static final Duration GLOBAL_TOPICS_TIMEOUT = Duration.ofSeconds(60);

    private final ProcessorConfig config;
    private final Topology topology;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KafkaStreams streams;
    private RocksDbMemory rocksDbMemory;
    private KafkaStreamsMetrics streamsMetrics;
    private HealthServer http;

    public Processor(ProcessorConfig config, RuleSet rules, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.topology = VitalsTopology.build(rules, config.topology(), clock);
    }

    /** A processor with the rules named by the config (or the bundled ones) and the system clock. */
    public static Processor create(ProcessorConfig config) {
        RuleSet rules = config.rulesFile().map(RuleSetLoader::load).orElseGet(RuleSetLoader::loadDefault);
        return new Processor(config, rules, Clock.systemUTC());
    }

    /**
     * Starts the streams client and the HTTP endpoints; returns without waiting for {@code RUNNING}, once the
     * topics of the global stores ({@code rpm.patient-thresholds}, {@code rpm.device-status}) are visible (Kafka
     * Streams fails at once on a global topic without partitions).
     *
     * @throws IllegalStateException naming the topic if one does not appear within a minute
     */
    public synchronized void start() {
        if (closed.get()) {
            throw new IllegalStateException("processor is closed");
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Properties properties = config.streamsProperties();
        if (config.rocksDbMemoryMib() > 0) {
            rocksDbMemory = new RocksDbMemory(config.rocksDbMemoryMib() * 1024L * 1024L);
            properties.put(RocksDbMemory.CONFIG_KEY, rocksDbMemory);
        }
        streams = new KafkaStreams(topology, properties);
        streams.setStateListener((next, previous) -> {
            ready.set(next == KafkaStreams.State.RUNNING);
            Logger.info("streams state changed [application: {}, from: {}, to: {}]", config.applicationId(),
                    previous, next);
        });
        streams.setUncaughtExceptionHandler(e -> {
            Logger.error(e, "stream thread failed, replacing it [application: {}]", config.applicationId());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        if (config.http().enabled()) {
            http = HealthServer.start(config.http(), () -> new HealthEndpoints.Readiness(ready.get(),
                    Map.of("streams", streams.state().name())), registry::scrape);
        }
        GlobalTopics.await(properties, GlobalTopics.of(topology), GLOBAL_TOPICS_TIMEOUT);
        streams.start();
        Logger.info("stream processor started [application: {}, http port: {}]", config.applicationId(),
                http == null ? "none" : http.port());
    }

    /** True while the streams client is {@code RUNNING}. */
    public boolean isReady() {
        return ready.get();
    }

    /** The streams client's state, or {@code CREATED} before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** The bound HTTP port, or -1 when no HTTP server runs (not configured, not started or closed). */
    public synchronized int httpPort() {
        return http == null || closed.get() ? -1 : http.port();
    }

    /**
     * The patient's settings as this instance holds them (every instance holds every patient's: a global store),
     * for operators and tests; empty if none or while the store is not queryable (not started, restoring).
     */
    public synchronized Optional<PatientOverrides> patientSettings(String patientId) {
        if (streams == null || closed.get()) {
            return Optional.empty();
        }
        try {
            ReadOnlyKeyValueStore<String, PatientOverrides> store = streams.store(StoreQueryParameters.fromNameAndType(
                    VitalsTopology.PATIENT_THRESHOLDS_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(patientId));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** The topology this processor runs. */
    public Topology topology() {
        return topology;
    }

    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        boolean stopped = streams == null || streams.close(CLOSE_TIMEOUT);
        if (rocksDbMemory != null && stopped) {
            rocksDbMemory.close();
        } else if (rocksDbMemory != null) {
            Logger.warn("streams did not stop in time, RocksDB memory left open [application: {}]",
                    config.applicationId());
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (http != null) {
            http.close();
        }
        registry.close();
        Logger.info("stream processor stopped [application: {}]", config.applicationId());
    }
}
