package org.rpmpipeline.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.cli.PortConverter;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.sim.Simulator;
import org.rpmpipeline.sim.SimulatorConfig;
import org.rpmpipeline.sim.SimulatorStats;
import org.rpmpipeline.sim.patient.VirtualPatient;
import org.rpmpipeline.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rpm demo}: the embedded stack plus a simulated scenario in one process. Prints its start step by step,
 * each alert as it fires and a summary of what went through the pipeline, then exits. The services and the
 * simulator read the same configuration as on their own ({@code RPM_*}, {@code -Drpm.*}, {@code RPM_CONFIG_FILE});
 * the flags set keys of their own ({@link #KEYS}). Everything is checked before a broker starts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole pipeline on embedded brokers with a simulated scenario (one stable and one "
                + "deteriorating patient), print alerts as they fire and a closing summary.",
                "The services and the simulator read the same configuration as on their own: RPM_* environment "
                        + "variables, -Drpm.* system properties and the properties file named by RPM_CONFIG_FILE. A "
                        + "flag given here wins over its key; a key that is set wins over the flag's default."})
public final class DemoCommand implements Callable<Integer> {
    /** The keys each flag sets, as the root README's table lists them. */
    static final FlagKeys KEYS = new FlagKeys(keys());

    @Option(names = "--duration", defaultValue = "60s",
            description = "How long the scenario runs, e.g. 60s, 2m (rpm.sim.duration; default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--seed", defaultValue = "42",
            description = "Scenario seed (rpm.sim.seed; default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", defaultValue = "demo",
            description = "Scenario name or file, as for ./rpm simulate (rpm.sim.scenario; default ${DEFAULT-VALUE}).")
    String scenarioName;

    @Option(names = "--mqtt-port", defaultValue = "1883", converter = PortConverter.class,
            description = "MQTT port, 0 = any free port (default ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--kafka-port", defaultValue = "9092", converter = PortConverter.class,
            description = "Kafka port, 0 = any free port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--http-port", defaultValue = "8080", converter = PortConverter.class,
            description = "Alert service HTTP port (API and FHIR), 0 = any free port (rpm.alerts.http-port; "
                    + "default ${DEFAULT-VALUE}).")
    int httpPort;

    @Spec
    CommandSpec spec;

    private final Settings base;
    private PrintWriter out;

    /** The command over the process's configuration. */
    public DemoCommand() {
        this(null);
    }

    /** The command over {@code base} configuration ({@code null}: the process's environment). */
    public DemoCommand(Settings base) {
        this.base = base;
    }

    private static Map<String, List<String>> keys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("--duration", List.of(SimulatorConfig.DURATION));
        keys.put("--seed", List.of(SimulatorConfig.SEED));
        keys.put("--scenario", List.of(SimulatorConfig.SCENARIO));
        keys.put("--http-port", List.of(AlertConfig.HTTP_PORT));
        return keys;
    }

    private Settings environment() {
        return base != null ? base : Settings.fromEnvironment();
    }

    /** The stack these options and the configuration describe. */
    EmbeddedStack.Options options() {
        return options(environment());
    }

    private EmbeddedStack.Options options(Settings environment) {
        Settings configured = KEYS.apply(environment, spec);
        if (configured.raw(AlertConfig.API_TOKENS_FILE).isEmpty()) {
            // the demo's data is simulated: on loopback, anyone on this machine may read it (no writes without a
            // token); a tokens file in the configuration turns that off
            configured = configured.withDefaults(Map.of(AlertConfig.ANONYMOUS_READ, "true"));
        }
        return new EmbeddedStack.Options(mqttPort, EmbeddedStack.LOOPBACK, kafkaPort, httpPort, 0, 0,
                EmbeddedStack.LOOPBACK, Map.of(), configured);
    }

    @Override
    public Integer call() throws Exception {
        long startedNanos = System.nanoTime();
        out = spec.commandLine().getOut();
        Settings environment = environment();
        EmbeddedStack.Options options = options(environment);
        Scenario scenario = check(options, environment);
        Duration runFor = SimulatorConfig.from(options.base()).duration();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: the hook wakes the main thread, which prints the summary so far and closes everything, and the
        // JVM exits only once it has.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rpm-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        AlertPrinter alerts = new AlertPrinter(out, startedNanos);
        try (EmbeddedStack stack = EmbeddedStack.start(options, scenario.bindings(), Duration.ofSeconds(90),
                new ProgressPrinter(out, startedNanos));
                PipelineMonitor monitor = new PipelineMonitor(stack.bootstrapServers(), alerts)) {
            printStack(stack, scenario, runFor, startedNanos);
            SimulatorConfig simConfig = SimulatorConfig.from(stack.settings());
            try (Simulator simulator = Simulator.builder(simConfig).scenario(scenario).build()) {
                simulator.start();
                waitForEnd(simulator, runFor, stop);
                SimulatorStats stats = simulator.stats();
                drain(monitor, stats.acknowledged(), stop);
                printSummary(stats, monitor, alerts, scenario, startedNanos);
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        return 0;
    }

    /**
     * Checks the simulator's and the services' configuration, the files and the ports before anything starts;
     * returns the scenario to run.
     *
     * @throws ConfigException listing every problem, each naming its flag or key
     */
    private Scenario check(EmbeddedStack.Options options, Settings environment) {
        List<String> problems = new ArrayList<>();
        Scenario scenario = null;
        try {
            scenario = Simulator.configuredScenario(SimulatorConfig.from(options.base()));
        } catch (ConfigException e) {
            problems.addAll(KEYS.naming(e, spec).lines());
        } catch (IllegalArgumentException e) {
            problems.add("--scenario " + scenarioName + ": " + e.getMessage());
        }
        try {
            StackPreflight.check(options, key -> KEYS.nameOf(key, environment, spec));
        } catch (ConfigException e) {
            problems.addAll(KEYS.naming(e, spec).lines());
        }
        if (problems.size() == 1) {
            throw new ConfigException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid configuration", problems);
        }
        return scenario;
    }

    private void printStack(EmbeddedStack stack, Scenario scenario, Duration runFor, long startedNanos) {
        out.printf("ready after %.1f s: Kafka %s, MQTT %s, alert service http://127.0.0.1:%d "
                        + "(alerts /alerts, FHIR /fhir)%n", seconds(startedNanos), stack.bootstrapServers(),
                stack.mqttUrl(), stack.alerts().httpPort());
        out.printf("care-team console: open http://127.0.0.1:%d/ and choose \"Look as a viewer\" to watch the "
                + "worklist fill live%n", stack.alerts().httpPort());
        out.printf("scenario %s (seed %d) for %d s:%n", scenario.name(), scenario.seed(), runFor.toSeconds());
        for (VirtualPatient patient : scenario.patients()) {
            String devices = scenario.bindings().stream()
                    .filter(b -> b.patientId().equals(patient.patientId()))
                    .map(b -> b.deviceId()).collect(Collectors.joining(", "));
            out.printf("  %-14s %-14s devices %s%n", patient.patientId(), patient.profile(), devices);
        }
    }

    private void waitForEnd(Simulator simulator, Duration runFor, CountDownLatch stop) throws InterruptedException {
        long deadline = System.nanoTime() + runFor.plusSeconds(10).toNanos();
        while (!simulator.isDone() && System.nanoTime() < deadline) {
            if (stop.await(200, TimeUnit.MILLISECONDS)) {
                out.println("interrupted: stopping");
                return;
            }
        }
    }

    /** Waits until every acknowledged message has reached the readings or rejected topic, for at most 15 s. */
    private void drain(PipelineMonitor monitor, long acknowledged, CountDownLatch stop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = monitor.count(Topics.READINGS) + monitor.count(Topics.REJECTED);
            if (now >= acknowledged && now == last) {
                return;
            }
            last = now;
            if (stop.await(1, TimeUnit.SECONDS)) {
                return;
            }
        }
    }

    private synchronized void printSummary(SimulatorStats stats, PipelineMonitor monitor, AlertPrinter alerts,
            Scenario scenario, long startedNanos) {
        out.printf("%nsummary after %.0f s%n", seconds(startedNanos));
        out.printf("  messages published     %d (acknowledged %d, failed %d)%n", stats.published(),
                stats.acknowledged(), stats.failed());
        out.printf("  readings in            %d%n", monitor.count(Topics.READINGS));
        out.printf("  rejected               %d%n", monitor.count(Topics.REJECTED));
        out.printf("  findings               %d%n", monitor.count(Topics.FINDINGS));
        out.printf("  alert events           %d%n", monitor.count(Topics.ALERTS));
        out.printf("  notifications          %d%n", monitor.count(Topics.NOTIFICATIONS));
        out.printf("  FHIR resources written %d (Observations %d, alerts and notifications %d)%n",
                monitor.count(Topics.OBSERVATIONS) + monitor.count(Topics.FHIR_RESOURCES),
                monitor.count(Topics.OBSERVATIONS), monitor.count(Topics.FHIR_RESOURCES));
        for (VirtualPatient patient : scenario.patients()) {
            out.printf("  alerts for %-14s %d (%s)%n", patient.patientId(),
                    alerts.alertsFor(patient.patientId()), patient.profile());
        }
        out.printf("%nto see these alerts in the care-team console, open it while a demo runs (--duration 10m for "
                + "more time); ./rpm stack keeps it up until Ctrl-C, with a token that can act on alerts%n");
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
