package org.rpmpipeline.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.demo.RpmCli;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The crash-recovery benchmark ({@code bench/recovery/run.sh}): embedded Kafka and MQTT brokers in this JVM, the
 * gateway, the stream processor and the alert service each as its own JVM ({@code ./rpm gateway|processor|alerts}),
 * and the simulator as a fourth ({@code ./rpm simulate --verify}) publishing at a steady rate. After a warm-up each
 * service in turn is killed with SIGKILL and started again at once; the benchmark reports how long after the
 * restart the service was ready ({@code /health/ready}) and drained (its backlog back to normal), and what the
 * simulator's verification found lost or duplicated over the whole run.
 */
@Command(name = "recovery-bench", mixinStandardHelpOptions = true,
        description = "Kill each service with SIGKILL under load; report time to ready and to drained.")
public final class RecoveryBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEGIN = "<!-- recovery-bench:begin -->";
    private static final String END = "<!-- recovery-bench:end -->";

    @Option(names = "--rate", defaultValue = "300", description = "Messages per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--patients", defaultValue = "500", description = "Cohort size, 4 devices each (default ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--mix", defaultValue = "deteriorating:0.05", description = "Cohort profile mix (default ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--warmup", defaultValue = "60s", description = "Load before the first kill (default ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--interval", defaultValue = "120s",
            description = "Time from one kill to the next, and the longest wait for a drain (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--services", defaultValue = "gateway,processor,alerts", split = ",",
            description = "Services to kill, in order (default ${DEFAULT-VALUE}).")
    List<String> services;

    @Option(names = "--drained-lag", defaultValue = "500",
            description = "A consumer backlog at or below this many records counts as drained (default ${DEFAULT-VALUE}).")
    long drainedLag;

    @Option(names = "--drained-delay", defaultValue = "2000",
            description = "Gateway: drained once a second's readings all arrive within this many ms of their publish (default ${DEFAULT-VALUE}).")
    long drainedDelayMs;

    @Option(names = "--static-membership", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Give the processor and the alert service instance ids (default ${DEFAULT-VALUE}).")
    boolean staticMembership;

    @Option(names = "--heap", defaultValue = "768m", description = "Heap of each service JVM (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--results-dir", required = true, description = "Where logs, timeline.csv and summary.json go.")
    Path resultsDir;

    @Option(names = "--docs", description = "Markdown file whose recovery-bench section is replaced by the table.")
    Path docs;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RecoveryBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Duration warm = duration(warmup);
        Duration each = duration(interval);
        Files.createDirectories(resultsDir);
        Path bindings = resultsDir.resolve("bindings.csv");
        List<String> cohort = List.of("--scenario", "cohort", "--patients", String.valueOf(patients), "--mix", mix,
                "--seed", "7");
        List<String> export = new ArrayList<>(List.of("simulate"));
        export.addAll(cohort);
        export.addAll(List.of("--export-bindings", bindings.toString()));
        if (RpmCli.commandLine().execute(export.toArray(String[]::new)) != 0) {
            return 1;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, 3);
                EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(0);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()));
                ReadingDelay delay = new ReadingDelay(kafka.bootstrapServers())) {
            Map<String, ServiceProcess> running = services(kafka, mqtt, bindings);
            try {
                return run(running, kafka, mqtt, admin, delay, cohort, warm, each);
            } finally {
                for (ServiceProcess service : running.values()) {
                    service.close();
                }
            }
        }
    }

    private int run(Map<String, ServiceProcess> running, EmbeddedKafka kafka, EmbeddedMqttBroker mqtt, Admin admin,
            ReadingDelay delay, List<String> cohort, Duration warm, Duration each) throws Exception {
        long t0 = System.nanoTime();
        running.values().forEach(ServiceProcess::start);
        for (ServiceProcess service : running.values()) {
            if (!waitFor(service::ready, Duration.ofMinutes(3))) {
                out.printf("%s was not ready 3 min after its start; see %s%n", service.name(), resultsDir);
                return 1;
            }
        }
        out.printf("services ready after %.1f s%n", seconds(t0));
        delay.start();
        GroupLag lag = new GroupLag(admin);
        Map<String, Backlog> backlogs = Map.of(
                "gateway", () -> delay.lastSecondMaxMs(),
                "processor", () -> lag.of("rpm-stream-processor", List.of(Topics.READINGS.name())),
                "alerts", () -> Math.max(
                        lag.of("rpm-alert-service-findings", List.of(Topics.FINDINGS.name())),
                        lag.of("rpm-alert-service-observations", List.of(Topics.READINGS.name()))));

        // a minute more than the schedule: the simulator's own start-up, and load after the last drain
        Duration simulated = warm.plus(each.multipliedBy(services.size())).plusMinutes(1);
        Path simDir = resultsDir.resolve("simulate");
        List<String> simulate = new ArrayList<>(List.of("simulate"));
        simulate.addAll(cohort);
        simulate.addAll(List.of("--rate", String.valueOf(rate), "--duration", simulated.toSeconds() + "s",
                "--connections", "10", "--mqtt-url", "tcp://127.0.0.1:" + mqtt.port(),
                "--kafka-bootstrap-servers", kafka.bootstrapServers(), "--verify", "--progress", "10s",
                "--client-id", "rpm-bench-recovery", "--results-dir", simDir.toString()));
        Process simulator = new ProcessBuilder(javaCommand("512m", simulate)).redirectErrorStream(true)
                .redirectOutput(resultsDir.resolve("simulate.log").toFile()).start();
        // the schedule starts with the first readings on Kafka, not with the simulator's JVM
        if (!waitFor(() -> delay.lastSecondMaxMs() >= 0, Duration.ofMinutes(3))) {
            simulator.destroyForcibly();
            out.println("no reading reached Kafka 3 min after the simulator started; see simulate.log");
            return 1;
        }
        long simStart = System.nanoTime();
        out.printf("simulator publishing %d messages/s for %d s%n", rate, simulated.toSeconds());

        List<Recovery> recoveries = new ArrayList<>();
        try (Timeline timeline = new Timeline(resultsDir.resolve("timeline.csv"), backlogs, simStart)) {
            timeline.start();
            for (int i = 0; i < services.size(); i++) {
                String name = services.get(i);
                sleepUntil(simStart, warm.plus(each.multipliedBy(i)));
                recoveries.add(crash(running.get(name), backlogs.get(name), name, simStart, each, timeline));
            }
            out.println("waiting for the simulator to finish and verify...");
            if (!simulator.waitFor(simulated.toSeconds() + 600, TimeUnit.SECONDS)) {
                simulator.destroyForcibly();
                out.println("the simulator did not finish; see simulate.log");
                return 1;
            }
        }
        Verification verification = Verification.read(simDir.resolve("results.json"));
        String table = table(recoveries, verification);
        out.println(table);
        Files.writeString(resultsDir.resolve("summary.md"), table);
        if (docs != null) {
            replaceSection(docs, table);
        }
        return verification.lost() == 0 && verification.duplicateNotifications() == 0 ? 0 : 3;
    }

    private Recovery crash(ServiceProcess service, Backlog backlog, String name, long simStart, Duration each,
            Timeline timeline) throws Exception {
        long before = backlog.now();
        long killedAt = System.nanoTime();
        service.kill();
        timeline.mark(name + " killed");
        service.start();
        long restarted = System.nanoTime();
        out.printf("[%6.1f s] %s killed (backlog %d) and restarted%n", (killedAt - simStart) / 1e9, name, before);
        Duration budget = each.minusSeconds(10);
        boolean ready = waitFor(service::ready, budget);
        double readyAfter = ready ? seconds(restarted) : Double.NaN;
        timeline.mark(name + " ready");
        boolean drained = ready && waitFor(() -> drained(name, backlog), budget.minusSeconds((long) readyAfter));
        double drainedAfter = drained ? seconds(restarted) : Double.NaN;
        timeline.mark(name + " drained");
        out.printf("%s: ready %.1f s, drained %.1f s after its restart (peak backlog %d)%n", name, readyAfter,
                drainedAfter, timeline.peak(name));
        return new Recovery(name, (killedAt - simStart) / 1e9, readyAfter, drainedAfter, before, timeline.peak(name));
    }

    private boolean drained(String name, Backlog backlog) {
        try {
            long value = backlog.now();
            if (name.equals("gateway")) {
                return value >= 0 && value <= drainedDelayMs;
            }
            return value >= 0 && value <= drainedLag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Map<String, ServiceProcess> services(EmbeddedKafka kafka, EmbeddedMqttBroker mqtt, Path bindings)
            throws IOException {
        Map<String, ServiceProcess> all = new LinkedHashMap<>();
        String bootstrap = kafka.bootstrapServers();
        int gatewayPort = freePort();
        all.put("gateway", new ServiceProcess("gateway", Map.of(
                Settings.envName("rpm.kafka.bootstrap-servers"), bootstrap,
                Settings.envName("rpm.mqtt.url"), "tcp://127.0.0.1:" + mqtt.port(),
                Settings.envName("rpm.gateway.client-id"), "rpm-bench-gateway",
                Settings.envName("rpm.gateway.bindings-file"), bindings.toString(),
                Settings.envName("rpm.gateway.http-port"), String.valueOf(gatewayPort)),
                gatewayPort, resultsDir.resolve("gateway.log"), heap));
        int processorPort = freePort();
        Map<String, String> processor = new LinkedHashMap<>(Map.of(
                Settings.envName("rpm.kafka.bootstrap-servers"), bootstrap,
                Settings.envName("rpm.processor.state-dir"), resultsDir.resolve("processor-state").toString(),
                Settings.envName("rpm.processor.http-port"), String.valueOf(processorPort)));
        int alertsPort = freePort();
        Map<String, String> alerts = new LinkedHashMap<>(Map.of(
                Settings.envName("rpm.kafka.bootstrap-servers"), bootstrap,
                Settings.envName("rpm.alerts.http-port"), String.valueOf(alertsPort)));
        if (staticMembership) {
            processor.put(Settings.envName("rpm.processor.instance-id"), "rpm-bench-processor");
            alerts.put(Settings.envName("rpm.alerts.instance-id"), "rpm-bench-alerts");
        }
        all.put("processor", new ServiceProcess("processor", processor, processorPort,
                resultsDir.resolve("processor.log"), heap));
        all.put("alerts", new ServiceProcess("alerts", alerts, alertsPort, resultsDir.resolve("alerts.log"), heap));
        for (String name : services) {
            if (!all.containsKey(name)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--services: unknown service " + name + " (gateway, processor, alerts)");
            }
        }
        return all;
    }

    private String table(List<Recovery> recoveries, Verification v) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Run %s: %d messages/s from %d devices; each service killed once with "
                        + "SIGKILL and started again at once; %s group membership; load average (1/5/15 min) at the "
                        + "end %s.%n%n",
                Instant.now().toString().substring(0, 16) + "Z", rate, patients * 4,
                staticMembership ? "static" : "dynamic", loadAverage()));
        sb.append("| service | killed at | ready after restart | drained after restart | backlog before → peak | target |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Recovery r : recoveries) {
            String unit = r.service().equals("gateway") ? " ms delay" : " records";
            String target = r.service().equals("gateway") ? "—" : "ready ≤ 20 s, drained ≤ 60 s";
            sb.append(String.format(Locale.ROOT, "| %s | %.0f s | %s | %s | %d → %d%s | %s |%n", r.service(),
                    r.killedAt(), secondsText(r.readyAfter()), secondsText(r.drainedAfter()), r.backlogBefore(),
                    r.peakBacklog(), unit, target));
        }
        sb.append(String.format(Locale.ROOT, "%nSimulator verification over the whole run: %d messages published, "
                        + "%d lost, %d duplicate readings (redeliveries the processor drops by reading id), %d findings, "
                        + "%d notifications, %d duplicate notifications.%n",
                v.messages(), v.lost(), v.duplicateReadings(), v.findings(), v.notifications(),
                v.duplicateNotifications()));
        return sb.toString();
    }

    private static String secondsText(double value) {
        return Double.isNaN(value) ? "not within the interval" : String.format(Locale.ROOT, "%.1f s", value);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void replaceSection(Path file, String table) throws IOException {
        String text = Files.readString(file);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(file + " has no " + BEGIN + " ... " + END + " section");
        }
        Files.writeString(file, text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end));
    }

    private static List<String> javaCommand(String heap, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), RpmCli.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    private static boolean waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return false;
    }

    private static void sleepUntil(long startNanos, Duration offset) throws InterruptedException {
        long wait = startNanos + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static Duration duration(String text) {
        return Settings.parseDuration(text).orElseThrow(() -> new IllegalArgumentException("not a duration: " + text));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A service's backlog right now: records for a consumer group, ms of delay for the gateway; -1 unknown. */
    @FunctionalInterface
    interface Backlog {
        long now() throws InterruptedException;
    }

    private record Recovery(String service, double killedAt, double readyAfter, double drainedAfter,
            long backlogBefore, long peakBacklog) {
    }

    /** What {@code ./rpm simulate --verify} found over the whole run. */
    record Verification(long messages, long lost, long duplicateReadings, long findings, long notifications,
            long duplicateNotifications) {
        static Verification read(Path resultsJson) throws IOException {
            JsonNode verify = JSON.readTree(resultsJson.toFile()).path("verify");
            return new Verification(verify.path("messages").asLong(), verify.path("lost").asLong(),
                    verify.path("duplicateReadings").asLong(), verify.path("findings").asLong(),
                    verify.path("notifications").asLong(), verify.path("duplicateNotifications").asLong());
        }
    }
}
