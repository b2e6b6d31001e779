package org.rpmpipeline.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.gateway.binding.BindingsFile;
import org.rpmpipeline.gateway.binding.DeviceRegistry;
import org.rpmpipeline.gateway.binding.ReadingBinder;
import org.rpmpipeline.gateway.decode.BleDecoder;
import org.rpmpipeline.gateway.mqtt.InboundMessage;
import org.rpmpipeline.gateway.mqtt.MqttIngress;
import org.rpmpipeline.gateway.publish.KafkaProbe;
import org.rpmpipeline.gateway.publish.KafkaPublisher;
import org.rpmpipeline.gateway.publish.OutboundRecords;
import org.rpmpipeline.http.HealthEndpoints;
import org.rpmpipeline.http.HealthServer;
import org.tinylog.Logger;

/**
 * The device gateway: MQTT in (shared subscription, QoS 1, manual acks), validated and normalized readings,
 * statuses and dead letters out to Kafka, an MQTT acknowledgement only once Kafka has the records. Holds no
 * static state, so several gateways (or a gateway and the other services) can run in one JVM.
 *
 * <pre>
 * try (Gateway gateway = new Gateway(GatewayConfig.from(settings))) {
 *     gateway.start();
 *     ...
 * }
 * </pre>
 */
public final class Gateway implements AutoCloseable {
    private static final Duration STARTUP_WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final GatewayConfig config;
    private final Clock clock;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private KafkaPublisher publisher;
    private KafkaProbe probe;
    private DeviceRegistry registry;
    private IngestPipeline pipeline;
    private MqttIngress ingress;
    private HealthServer http;

    public Gateway(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Writes the bindings file (if any) to the device topic, starts reading the device topic, and connects to
     * MQTT once the bindings are loaded. Returns without waiting for MQTT; see {@link #isReady()}.
     *
     * @throws org.rpmpipeline.contract.config.ConfigException if the bindings file has bad lines (all of them named)
     * @throws IllegalStateException if the bindings cannot be written to Kafka
     */
    public synchronized void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Logger.info("gateway starting [config: {}]", config);
        String clientId = config.mqtt().clientId();
        Producer<byte[], byte[]> producer = KafkaPublisher.createProducer(config.kafka().bootstrapServers(),
                clientId + "-producer", config.kafka().overrides());
        metrics.bindKafkaProducer(producer);
        publisher = new KafkaPublisher(producer, config.kafkaStallTimeout(), metrics);
        probe = new KafkaProbe(config.kafka().bootstrapServers(), clientId + "-probe", config.kafka().overrides());
        if (config.bindingsFile() != null) {
            List<DeviceBinding> bindings = BindingsFile.read(config.bindingsFile());
            List<ProducerRecord<byte[], byte[]>> records = bindings.stream().map(OutboundRecords::binding).toList();
            publisher.publishAndWait(records, STARTUP_WRITE_TIMEOUT);
            Logger.info("bindings file written to the device topic [bindings: {}]", bindings.size());
        }
        registry = new DeviceRegistry(config.kafka().bootstrapServers(), clientId + "-registry",
                config.kafka().overrides());
        pipeline = new IngestPipeline(
                new ReadingBinder(registry, config.plausibility(), config.maxClockSkew(), config.maxAge()),
                new BleDecoder(), config.plausibility(), config.input(), config.deadLetters());
        ingress = new MqttIngress(config.mqtt(), config.workerThreads(), clock, this::handle, metrics::handlerFailed);
        metrics.bind(ingress::inFlight, ingress::isConnected, registry::size);
        if (config.http().enabled()) {
            http = HealthServer.start(config.http(), () -> HealthEndpoints.Readiness.ofChecks(readiness()),
                    metrics::scrape);
        }
        // subscribe only once every binding is known, or early readings would be rejected as unknown devices
        registry.whenCaughtUp().thenRun(ingress::start);
        registry.start();
    }

    private void handle(InboundMessage message, MqttIngress.Ack ack) {
        metrics.received();
        IngestPipeline.Outcome outcome = pipeline.process(message);
        metrics.outcome(outcome);
        Logger.debug("message decoded [device: {}, readings: {}, rejected: {}, correlation: {}]",
                outcome.deviceId(), outcome.readings().size(), outcome.rejected().size(), outcome.correlationId());
        List<ProducerRecord<byte[], byte[]>> records;
        try {
            records = OutboundRecords.of(outcome);
        } catch (RuntimeException e) {
            // a record of ours that cannot be encoded is a bug; keep the message as the smallest dead letter
            Logger.error("records of a message cannot be encoded, writing its smallest dead letter [device: {},"
                    + " error: {}]", outcome.deviceId(), e.toString());
            metrics.handlerFailed();
            records = List.of(deadLetter(outcome, pipeline.lastResort(outcome, e)));
            publisher.publish(records, ack::run);
            return;
        }
        records.stream().filter(r -> r.topic().equals(Topics.REJECTED.name()))
                .forEach(r -> metrics.deadLetter(OutboundRecords.sizeOf(r)));
        publisher.publish(records, (level, refusal) -> pipeline.replacement(outcome, level, refusal)
                .map(dead -> List.of(deadLetter(outcome, dead))), ack::run);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(IngestPipeline.Outcome outcome, RejectedMessage dead) {
        ProducerRecord<byte[], byte[]> record = OutboundRecords.deadLetter(outcome, dead);
        metrics.deadLetter(OutboundRecords.sizeOf(record));
        return record;
    }

    /** Ready when connected to MQTT, Kafka writes succeed and the device bindings are loaded. */
    public boolean isReady() {
        return readiness().values().stream().allMatch(Boolean::booleanValue);
    }

    /** Each readiness check by name, as served on {@code /health/ready}. */
    public Map<String, Boolean> readiness() {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("mqtt", ingress != null && ingress.isConnected());
        checks.put("kafka", publisher != null && publisher.healthy() && probe.reachable());
        checks.put("bindings", registry != null && registry.caughtUp());
        return checks;
    }

    /** The binding the gateway currently knows for a device. */
    public Optional<DeviceBinding> binding(String deviceId) {
        return registry == null ? Optional.empty() : registry.find(deviceId);
    }

    /** The HTTP port actually bound, or -1 if no HTTP server runs. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public GatewayConfig config() {
        return config;
    }

    /**
     * Stops taking messages, waits up to the shutdown timeout for those in flight to reach Kafka and be
     * acknowledged, then disconnects (the persistent session keeps anything unacknowledged for the next start)
     * and releases every thread and client. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ingress != null) {
            if (!ingress.drain(config.shutdownTimeout())) {
                Logger.warn("shutdown timeout with messages in flight; the broker will redeliver them [count: {}]",
                        ingress.inFlight());
            }
            ingress.close();
        }
        if (publisher != null) {
            publisher.close(Duration.ofSeconds(5));
        }
        if (probe != null) {
            probe.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (http != null) {
            http.close();
        }
        metrics.close();
        Logger.info("gateway stopped");
    }
}
