package org.rpmpipeline.sim;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.rpmpipeline.contract.cli.CommandFailures;
import org.rpmpipeline.contract.kafka.KafkaReachability;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.sim.history.HistoryReadings;
import org.rpmpipeline.sim.history.HistoryWriter;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.sim.load.LoadRun;
import org.rpmpipeline.sim.load.VerifyReport;
import org.rpmpipeline.sim.report.BindingsExport;
import org.rpmpipeline.sim.report.RunResult;
import org.rpmpipeline.sim.scenario.Scenario;
import org.rpmpipeline.sim.scenario.Scenarios;
import org.rpmpipeline.sim.report.SummaryTable;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rpm simulate}: runs a scenario against any MQTT broker and prints a summary table. Options override the
 * {@code rpm.*} settings from the environment, system properties and {@code rpm.config.file}. A bad option or key
 * stops it before it connects (exit code 2, one line naming the key); a broker that refuses the connection stops
 * it at once (exit code 1, one line naming the URL), and so does a Kafka that is not there for {@code --verify} or
 * {@code --publish-history}.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs virtual patients and devices against an MQTT broker and prints a summary table.",
                "Each option overrides its key (in parentheses), which may also come from an RPM_* environment "
                        + "variable, a -Drpm.* system property or the properties file named by RPM_CONFIG_FILE."})
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--mqtt-url", paramLabel = "URL", description = "Broker URL, tcp://host:port or "
            + "ssl://host:port (rpm.mqtt.url; default " + SimulatorConfig.DEFAULT_MQTT_URL + ").")
    String mqttUrl;

    @Option(names = "--username", description = "MQTT user name (rpm.mqtt.username; default none).")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File holding the MQTT password (rpm.mqtt.password-file; default none).")
    String passwordFile;

    @Option(names = "--scenario", paramLabel = "NAME|FILE", completionCandidates = ScenarioNames.class,
            description = "A built-in scenario: ${COMPLETION-CANDIDATES}; or a scenario file (.yaml) "
                    + "(rpm.sim.scenario; default " + Scenarios.DEMO + ").")
    String scenario;

    @Option(names = "--duration", description = "Scenario time to simulate, e.g. 60s, 5m, 3d (rpm.sim.duration; "
            + "default " + SimulatorConfig.DEFAULT_DURATION + ").")
    String duration;

    @Option(names = "--seed", description = "Random seed; the same seed gives the same readings (rpm.sim.seed; "
            + "default " + SimulatorConfig.DEFAULT_SEED + ").")
    String seed;

    @Option(names = "--speed", description = "Times faster than real time; runs above 1 are backdated "
            + "(rpm.sim.speed; default " + SimulatorConfig.DEFAULT_SPEED + ").")
    String speed;

    @Option(names = "--client-id", description = "MQTT client id prefix (rpm.sim.client-id; default "
            + SimulatorConfig.DEFAULT_CLIENT_ID + ").")
    String clientId;

    @Option(names = "--patients", description = "Cohort size for generated scenarios (rpm.sim.patients; default: "
            + "the scenario's own).")
    String patients;

    @Option(names = "--mix", description = "Profile fractions of the cohort scenario, e.g. copd:0.2,hf:0.3 "
            + "(rpm.sim.mix; default: the scenario's own).")
    String mix;

    @Option(names = "--cadence", description = "auto, realistic or compressed (rpm.sim.cadence; default "
            + SimulatorConfig.DEFAULT_CADENCE + ": each scenario's own).")
    String cadence;

    @Option(names = "--encoding", description = "json or ble: JSON on the vitals topic or raw GATT bytes on the "
            + "BLE topics (rpm.sim.encoding; default " + SimulatorConfig.DEFAULT_ENCODING + ").")
    String encoding;

    @Option(names = "--rate", description = "Total messages per second over the cohort; load mode "
            + "(rpm.sim.rate; default 0: each device at its cadence).")
    String rate;

    @Option(names = "--connections", description = "MQTT connections the hubs share (rpm.sim.connections; "
            + "default 0: one per hub).")
    String connections;

    @Option(names = "--max-lag", description = "How far publishing may fall behind the schedule (a cold start, a "
            + "full in-flight window) before the schedule moves later instead of catching up in a burst, e.g. 200ms "
            + "(rpm.sim.max-lag; default 0: always catch up).")
    String maxLag;

    @Option(names = "--progress", description = "Print a progress line this often, e.g. 1s (rpm.sim.progress; "
            + "default: no progress lines).")
    String progress;

    @Option(names = "--hub-status", description = "Hubs publish an online status on connect "
            + "(rpm.sim.hub-status; default false).")
    Boolean hubStatus;

    @Option(names = "--verify", description = "Consume the Kafka topics and report delivered, lost, duplicated "
            + "and end-to-end latency (rpm.sim.verify; default false).")
    Boolean verify;

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka for --verify and --publish-history "
            + "(rpm.kafka.bootstrap-servers; default " + SimulatorConfig.DEFAULT_KAFKA_BOOTSTRAP_SERVERS + ").")
    String kafka;

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Write results.json, results.csv, "
            + "timeline.csv and latency.png here (rpm.sim.results-dir; default: none).")
    String resultsDir;

    @Option(names = "--export-bindings", paramLabel = "FILE", description = "Write the scenario's device bindings "
            + "as CSV (the gateway's bindings file) to this file and exit without connecting.")
    String exportBindings;

    @Option(names = "--publish-history", description = "Write the scenario's readings straight to rpm.readings "
            + "on Kafka (--kafka-bootstrap-servers), as the gateway would have over the scenario's time, without MQTT "
            + "or the gateway and as fast as Kafka takes them, ending now; then exit.")
    boolean publishHistory;

    /** The built-in scenario names, for the help text and shell completion. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Scenarios.names().iterator();
        }
    }

    /** How long Kafka may take to answer before --verify or --publish-history give up on it. */
    private static final Duration KAFKA_CHECK_TIMEOUT = Duration.ofSeconds(15);

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Settings base;

    /** A command over the process's settings. */
    public SimulatorMain() {
        this(null);
    }

    /** A command over {@code base} settings ({@code null}: the process's environment). */
    public SimulatorMain(Settings base) {
        this.base = base;
    }

    public static void main(String[] args) {
        org.tinylog.jul.JulTinylogBridge.activate();
        System.exit(CommandFailures.install(new CommandLine(new SimulatorMain())).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimulatorConfig config = SimulatorConfig.from(settings());
        Logger.info("simulator configuration [{}]", config);
        if (exportBindings != null) {
            try {
                Scenario scenario = Simulator.configuredScenario(config);
                BindingsExport.write(Path.of(exportBindings), scenario.bindings());
                out.printf("wrote %d bindings of %s to %s%n", scenario.deviceCount(), scenario, exportBindings);
                out.flush();
                return 0;
            } catch (RuntimeException e) {
                err.println("cannot export bindings: " + e.getMessage());
                return 1;
            }
        }
        if (publishHistory || config.verify().enabled()) {
            requireKafka(config.verify());
        }
        if (publishHistory) {
            return publishHistory(config, out, err);
        }
        LoadRun run = new LoadRun(config, out);
        Thread main = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: stop the run, let it close its connections and print what it has, then exit.
            main.interrupt();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rpm-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunResult result = run.run();
            out.print(SummaryTable.render(result));
            out.flush();
            if (Thread.interrupted()) {
                err.println("simulator interrupted; the numbers above are up to the interruption");
                return 130;
            }
            VerifyReport v = result.verify();
            boolean clean = result.completed() && result.stats().failed() == 0
                    && (v == null || (v.lost() == 0 && v.partial() == 0 && v.hostileAccepted() == 0));
            return clean ? 0 : 1;
        } catch (InterruptedException e) {
            err.println("simulator interrupted");
            return 130;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down
            }
        }
    }

    /**
     * Fails at once, in one line naming the flag and key, when Kafka is not there, rather than after the clients'
     * own minute-long waits.
     */
    private static void requireKafka(SimulatorConfig.Verify kafka) {
        new KafkaReachability("simulator", kafka.bootstrapServers(), kafka.kafkaOverrides())
                .check(KAFKA_CHECK_TIMEOUT).ifPresent(reason -> {
                    throw new IllegalStateException("cannot reach Kafka " + kafka.bootstrapServers()
                            + " (--kafka-bootstrap-servers, " + SimulatorConfig.KAFKA_BOOTSTRAP_SERVERS + "): "
                            + reason);
                });
    }

    private static int publishHistory(SimulatorConfig config, PrintWriter out, PrintWriter err) {
        Map<String, Object> props = new HashMap<>(config.verify().kafkaOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.verify().bootstrapServers());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "rpm-sim-history");
        try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(props,
                Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer())) {
            Scenario scenario = Simulator.configuredScenario(config);
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(config.duration())
                    .minus(HistoryReadings.RELAY_DELAY);
            HistoryWriter.Result result = HistoryWriter.write(scenario, config.duration(), start, producer);
            out.printf(Locale.ROOT, "wrote %,d readings of %,d patients (%s, received %s to %s) to %s in %.1f s "
                    + "(%,.0f readings/s)%n", result.readings(), result.patients(), scenario, result.first(),
                    result.last(), Topics.READINGS.name(), result.elapsed().toMillis() / 1000.0,
                    result.readingsPerSecond());
            out.flush();
            return 0;
        } catch (KafkaException | IllegalStateException | IllegalArgumentException e) {
            err.println("cannot publish the history: " + e.getMessage());
            return 1;
        }
    }

    private Settings settings() {
        Settings settings = base != null ? base : Settings.fromEnvironment();
        Map<String, String> overrides = new HashMap<>();
        put(overrides, SimulatorConfig.MQTT_URL, mqttUrl);
        put(overrides, SimulatorConfig.MQTT_USERNAME, username);
        put(overrides, SimulatorConfig.MQTT_PASSWORD_FILE, passwordFile);
        put(overrides, SimulatorConfig.SCENARIO, scenario);
        put(overrides, SimulatorConfig.DURATION, duration);
        put(overrides, SimulatorConfig.SEED, seed);
        put(overrides, SimulatorConfig.SPEED, speed);
        put(overrides, SimulatorConfig.CLIENT_ID, clientId);
        put(overrides, SimulatorConfig.PATIENTS, patients);
        put(overrides, SimulatorConfig.MIX, mix);
        put(overrides, SimulatorConfig.CADENCE, cadence);
        put(overrides, SimulatorConfig.RATE, rate);
        put(overrides, SimulatorConfig.ENCODING, encoding);
        put(overrides, SimulatorConfig.CONNECTIONS, connections);
        put(overrides, SimulatorConfig.PROGRESS, progress);
        put(overrides, SimulatorConfig.MAX_LAG, maxLag);
        put(overrides, SimulatorConfig.HUB_STATUS, hubStatus == null ? null : hubStatus.toString());
        put(overrides, SimulatorConfig.VERIFY, verify == null ? null : verify.toString());
        put(overrides, SimulatorConfig.KAFKA_BOOTSTRAP_SERVERS, kafka);
        put(overrides, SimulatorConfig.RESULTS_DIR, resultsDir);
        return settings.with(overrides);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
