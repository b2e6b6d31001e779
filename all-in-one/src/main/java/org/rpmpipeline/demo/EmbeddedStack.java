package org.rpmpipeline.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.backtest.BacktestConfig;
import org.rpmpipeline.backtest.ConsoleBacktestRunner;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.Brokers;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import org.rpmpipeline.gateway.Gateway;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.processor.Processor;
import org.rpmpipeline.processor.ProcessorConfig;
import org.tinylog.Logger;

/**
 * The whole pipeline in one JVM: an embedded Kafka broker and MQTT broker, then the stream processor, the alert
 * service and the gateway, each configured as it would be as its own process. Used by {@code ./rpm demo},
 * {@code ./rpm stack} and the end-to-end tests, which also run the services on brokers started elsewhere
 * ({@link #startOn}, the Testcontainers tier). Closing stops everything it started, in reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {
    /** The default address of every listener. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Partitions of each topic of the stack's own broker. */
    static final int STACK_PARTITIONS = 3;
    /**
     * The stream processor's threads in a stack unless configured ({@code rpm.processor.stream-threads}): one per
     * partition of {@code rpm.readings}, so each runs one task and commits (under exactly-once, a transaction
     * whose producer flush waits on the broker) for one partition only. Measured at 2,000 msgs/s on 2 cores: one
     * thread fell behind, two built backlogs of several seconds in most runs (docs/BENCHMARKS.md, "End to end").
     */
    static final String STACK_STREAM_THREADS = String.valueOf(STACK_PARTITIONS);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Options options;
    /** Brokers that run elsewhere, or null when this stack starts its own. */
    private final Brokers external;
    private EmbeddedKafka kafka;
    private EmbeddedMqttBroker mqtt;
    private Processor processor;
    private AlertService alerts;
    private Gateway gateway;
    private Path stateDir;

    /**
     * Where the stack listens and how its services are configured. Port 0 means a free port.
     *
     * @param mqttBind the MQTT listener's address: {@code 127.0.0.1}, or {@code 0.0.0.0} to let real hubs in
     * @param alertsHttpPort the alert service's HTTP port, unless {@code base} sets {@code rpm.alerts.http-port}
     * @param gatewayHttpPort the gateway's health port, unless {@code base} sets {@code rpm.gateway.http-port}
     * @param processorHttpPort the processor's health port, unless {@code base} sets {@code rpm.processor.http-port}
     * @param httpBind the address of all three HTTP servers (alert service, gateway and processor health):
     *     {@code 127.0.0.1}, or {@code 0.0.0.0} to let other machines in; unless {@code base} sets a service's
     *     {@code rpm.<service>.http-bind}
     * @param overrides further settings in {@code rpm.x.y} form, applied last
     * @param base the services' configuration (e.g. {@link Settings#fromEnvironment()}): every key the stack does
     *     not own itself (Kafka and MQTT addresses, the processor's state directory) is read from it
     */
    public record Options(int mqttPort, String mqttBind, int kafkaPort, int alertsHttpPort, int gatewayHttpPort,
            int processorHttpPort, String httpBind, Map<String, String> overrides, Settings base) {
        public Options {
            overrides = Map.copyOf(overrides);
            Objects.requireNonNull(base, "base");
        }

        /** No configuration beyond these options. */
        public Options(int mqttPort, String mqttBind, int kafkaPort, int alertsHttpPort, int gatewayHttpPort,
                int processorHttpPort, String httpBind, Map<String, String> overrides) {
            this(mqttPort, mqttBind, kafkaPort, alertsHttpPort, gatewayHttpPort, processorHttpPort, httpBind,
                    overrides, Settings.of(Map.of()));
        }

        /** HTTP on loopback. */
        public Options(int mqttPort, String mqttBind, int kafkaPort, int alertsHttpPort, int gatewayHttpPort,
                int processorHttpPort, Map<String, String> overrides) {
            this(mqttPort, mqttBind, kafkaPort, alertsHttpPort, gatewayHttpPort, processorHttpPort, LOOPBACK,
                    overrides);
        }

        /** Free ports everywhere: what tests want. */
        public static Options freePorts() {
            return new Options(0, LOOPBACK, 0, 0, 0, 0, LOOPBACK, Map.of());
        }
    }

    private EmbeddedStack(Options options, Brokers external) {
        this.options = options;
        this.external = external;
    }

    /**
     * Starts brokers and services, registers {@code bindings} on {@code rpm.devices} before the gateway starts, and
     * returns once every service reports ready.
     */
    public static EmbeddedStack start(Options options, List<DeviceBinding> bindings, Duration readyTimeout) {
        return start(options, bindings, readyTimeout, StartupProgress.NONE);
    }

    /** As {@link #start(Options, List, Duration)}, telling {@code progress} about each step. */
    public static EmbeddedStack start(Options options, List<DeviceBinding> bindings, Duration readyTimeout,
            StartupProgress progress) {
        return start(new EmbeddedStack(options, null), bindings, readyTimeout, progress);
    }

    /**
     * Starts the services only, on {@code brokers} that already run with the pipeline's topics (their MQTT and
     * Kafka ports in {@code options} are ignored); closing the stack leaves the brokers running.
     */
    public static EmbeddedStack startOn(Brokers brokers, Options options, List<DeviceBinding> bindings,
            Duration readyTimeout) {
        return start(new EmbeddedStack(options, brokers), bindings, readyTimeout, StartupProgress.NONE);
    }

    private static EmbeddedStack start(EmbeddedStack stack, List<DeviceBinding> bindings, Duration readyTimeout,
            StartupProgress progress) {
        try {
            stack.startAll(bindings, readyTimeout, progress);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(List<DeviceBinding> bindings, Duration readyTimeout, StartupProgress progress) {
        if (external == null) {
            progress.starting("Kafka on " + (options.kafkaPort() == 0 ? "a free port"
                    : "port " + options.kafkaPort()));
            kafka = track(EmbeddedKafka.start(options.kafkaPort(), STACK_PARTITIONS));
            progress.ready("Kafka (" + kafka.bootstrapServers() + ")");
            progress.starting("MQTT broker on " + options.mqttBind() + ":"
                    + (options.mqttPort() == 0 ? "a free port" : options.mqttPort()));
            mqtt = track(EmbeddedMqttBroker.start(options.mqttPort(), options.mqttBind()));
            progress.ready("MQTT broker (" + mqttUrl() + ")");
        }
        register(bindings);
        try {
            stateDir = Files.createTempDirectory("rpm-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka Streams state directory", e);
        }
        Settings settings = settings();
        progress.starting("stream processor, alert service and gateway");
        processor = track(Processor.create(ProcessorConfig.from(settings)));
        processor.start();
        // the console's admins may backtest rule sets against this stack's readings (its state beside the stack's)
        Settings backtest = settings.raw(BacktestConfig.STATE_DIR).isPresent() ? settings
                : settings.with(Map.of(BacktestConfig.STATE_DIR, stateDir.resolve("backtest").toString()));
        alerts = track(new AlertService(AlertConfig.from(settings), Clock.systemUTC(), List.of(),
                Optional.of(new ConsoleBacktestRunner(BacktestConfig.from(backtest), Clock.systemUTC()))));
        alerts.start();
        gateway = track(new Gateway(GatewayConfig.from(settings)));
        gateway.start();
        awaitReady("stream-processor", processor::isReady, readyTimeout);
        progress.ready("stream processor");
        awaitReady("alert-service", alerts::isReady, readyTimeout);
        progress.ready("alert service");
        awaitReady("device-gateway", gateway::isReady, readyTimeout);
        progress.ready("gateway");
    }

    /**
     * The settings every service of this stack is built from: the options' ports and binds beneath the base
     * configuration, the addresses of this stack's own brokers and state directory above it, the overrides last.
     */
    public Settings settings() {
        return settings(options, bootstrapServers(), mqttUrl(), stateDir.toString());
    }

    /** The settings of a stack with these options whose brokers are at these addresses. */
    static Settings settings(Options options, String bootstrapServers, String mqttUrl, String stateDir) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put(GatewayConfig.HTTP_PORT, String.valueOf(options.gatewayHttpPort()));
        defaults.put(GatewayConfig.CLIENT_ID, "rpm-gateway-embedded");
        defaults.put(ProcessorConfig.HTTP_PORT, String.valueOf(options.processorHttpPort()));
        defaults.put(AlertConfig.HTTP_PORT, String.valueOf(options.alertsHttpPort()));
        defaults.put(GatewayConfig.HTTP_BIND, options.httpBind());
        defaults.put(ProcessorConfig.HTTP_BIND, options.httpBind());
        defaults.put(AlertConfig.HTTP_BIND, options.httpBind());
        // one JVM with both brokers and three services: a single stream thread gets one scheduler share among
        // about twenty busy threads and fell behind at 2,000 msgs/s on 2 cores (docs/BENCHMARKS.md, "End to end")
        defaults.put(ProcessorConfig.STREAM_THREADS, STACK_STREAM_THREADS);
        Map<String, String> owned = new HashMap<>();
        owned.put(AlertConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        owned.put(GatewayConfig.MQTT_URL, mqttUrl);
        owned.put(ProcessorConfig.STATE_DIR, stateDir);
        return options.base().withDefaults(defaults).with(owned).with(options.overrides());
    }

    /** Produces bindings to {@code rpm.devices}, keyed by device id, and waits for the broker's acks. */
    public void register(List<DeviceBinding> bindings) {
        if (bindings.isEmpty()) {
            return;
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, DeviceBinding> producer = new KafkaProducer<>(config,
                Topics.DEVICES.keySerde().serializer(), Topics.DEVICES.valueSerde().serializer())) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (DeviceBinding binding : bindings) {
                sends.add(producer.send(new ProducerRecord<>(Topics.DEVICES.name(), binding.deviceId(), binding)));
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot register devices on " + Topics.DEVICES.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering devices", e);
        }
    }

    public String bootstrapServers() {
        return external != null ? external.bootstrapServers() : kafka.bootstrapServers();
    }

    /** The MQTT URL clients on this machine use. */
    public String mqttUrl() {
        return "tcp://" + mqttHost() + ":" + mqttPort();
    }

    /** The host MQTT clients on this machine connect to. */
    public String mqttHost() {
        return external != null ? external.mqttHost() : LOOPBACK;
    }

    public int mqttPort() {
        return external != null ? external.mqttPort() : mqtt.port();
    }

    /** The embedded Kafka broker, or null when the stack runs on brokers started elsewhere. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    public Gateway gateway() {
        return gateway;
    }

    public Processor processor() {
        return processor;
    }

    public AlertService alerts() {
        return alerts;
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                Logger.warn(e, "a component of the embedded stack did not close cleanly");
            }
        }
        started.clear();
        if (stateDir != null) {
            deleteTree(stateDir);
        }
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    private static void awaitReady(String name, BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object monitor = new Object();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready after " + timeout.toSeconds() + " s");
            }
            synchronized (monitor) {
                try {
                    monitor.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            Logger.debug(e, "cannot delete {}", root);
        }
    }
}
