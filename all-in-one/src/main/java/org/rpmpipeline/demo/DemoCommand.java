package org.rpmpipeline.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.sim.Simulator;
import org.rpmpipeline.sim.SimulatorConfig;
import org.rpmpipeline.sim.SimulatorStats;
import org.rpmpipeline.sim.patient.VirtualPatient;
import org.rpmpipeline.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rpm demo}: the embedded stack plus a simulated scenario in one process. Prints each alert as it fires
 * and a summary of what went through the pipeline, then exits.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on embedded brokers with a simulated scenario (one stable and one "
                + "deteriorating patient), print alerts as they fire and a closing summary.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "60s",
            description = "How long the scenario runs, e.g. 60s, 2m (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--seed", defaultValue = "42", description = "Scenario seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", defaultValue = "demo", description = "Scenario name (default ${DEFAULT-VALUE}).")
    String scenarioName;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port, 0 = any free port.")
    int mqttPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port, 0 = any free port.")
    int kafkaPort;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Alert service HTTP port (API and FHIR), 0 = any free port.")
    int httpPort;

    private final PrintStream out = System.out;
    private String consoleUrl = "http://127.0.0.1:8080/";

    @Override
    public Integer call() throws Exception {
        Map<String, String> run = Map.of("rpm.sim.scenario", scenarioName, "rpm.sim.duration", duration,
                "rpm.sim.seed", String.valueOf(seed));
        SimulatorConfig planned = SimulatorConfig.from(Settings.of(run));
        Duration runFor = planned.duration();
        Scenario scenario = Simulator.configuredScenario(planned);
        long startedNanos = System.nanoTime();
        // the demo's data is simulated: on loopback, anyone on this machine may read it (no writes without a token)
        EmbeddedStack.Options options = new EmbeddedStack.Options(mqttPort, EmbeddedStack.LOOPBACK, kafkaPort,
                httpPort, 0, 0, EmbeddedStack.LOOPBACK, Map.of(AlertConfig.ANONYMOUS_READ, "true"));
        out.println("rpm demo: starting embedded Kafka and MQTT brokers and the three services...");
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
        Map<String, Set<String>> alertsByPatient = new HashMap<>();
        Set<String> seenAlerts = new HashSet<>();
        try (EmbeddedStack stack = EmbeddedStack.start(options, scenario.bindings(), Duration.ofSeconds(90));
                PipelineMonitor monitor = new PipelineMonitor(stack.bootstrapServers(),
                        alert -> printAlert(alert, startedNanos, alertsByPatient, seenAlerts))) {
            printStack(stack, scenario, runFor, startedNanos);
            SimulatorConfig simConfig = SimulatorConfig.from(stack.settings().with(run));
            try (Simulator simulator = Simulator.builder(simConfig).scenario(scenario).build()) {
                simulator.start();
                waitForEnd(simulator, runFor, stop);
                SimulatorStats stats = simulator.stats();
                drain(monitor, stats.acknowledged(), stop);
                printSummary(stats, monitor, alertsByPatient, scenario, startedNanos);
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

    private void printStack(EmbeddedStack stack, Scenario scenario, Duration runFor, long startedNanos) {
        out.printf("ready after %.1f s: Kafka %s, MQTT %s, alert service http://127.0.0.1:%d "
                        + "(alerts /alerts, FHIR /fhir)%n", seconds(startedNanos), stack.bootstrapServers(),
                stack.mqttUrl(), stack.alerts().httpPort());
        consoleUrl = "http://127.0.0.1:" + stack.alerts().httpPort() + "/";
        out.printf("care-team console: open %s and choose \"Look as a viewer\" to watch the worklist fill live%n",
                consoleUrl);
        out.printf("scenario %s (seed %d) for %d s:%n", scenario.name(), scenario.seed(), runFor.toSeconds());
        for (VirtualPatient patient : scenario.patients()) {
            String devices = scenario.bindings().stream()
                    .filter(b -> b.patientId().equals(patient.patientId()))
                    .map(b -> b.deviceId()).collect(Collectors.joining(", "));
            out.printf("  %-14s %-14s devices %s%n", patient.patientId(), patient.profile(), devices);
        }
    }

    private synchronized void printAlert(Alert alert, long startedNanos, Map<String, Set<String>> alertsByPatient,
            Set<String> seenAlerts) {
        alertsByPatient.computeIfAbsent(alert.patientId(), p -> new HashSet<>()).add(alert.alertId());
        boolean first = seenAlerts.add(alert.alertId());
        String event = alert.state() == AlertState.OPEN && !first ? "updated" : alert.state().code();
        out.printf("[%6.1f s] ALERT %-12s %-8s %-22s %-14s %s%n", seconds(startedNanos), event,
                alert.severity().code(), alert.ruleId(), alert.patientId(),
                alert.summary() == null ? "" : alert.summary());
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

    private synchronized void printSummary(SimulatorStats stats, PipelineMonitor monitor,
            Map<String, Set<String>> alertsByPatient,
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
                    alertsByPatient.getOrDefault(patient.patientId(), Set.of()).size(), patient.profile());
        }
        out.printf("%nto see these alerts in the care-team console, open %s while a demo runs (--duration 10m for "
                + "more time); ./rpm stack keeps it up until Ctrl-C, with a token that can act on alerts%n",
                consoleUrl);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
