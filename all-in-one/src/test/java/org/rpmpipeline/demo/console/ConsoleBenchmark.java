package org.rpmpipeline.demo.console;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.demo.EmbeddedStack;
import org.rpmpipeline.sim.Simulator;
import org.rpmpipeline.sim.SimulatorConfig;
import org.rpmpipeline.sim.scenario.Scenario;

/**
 * The care-team console under load (bench/console/run.sh; not a test). On the embedded stack with the cohort
 * scenario at a fixed rate, after a two-minute warm-up run, {@code pairs} pairs of runs of the same length,
 * alternating: without viewers, then with {@code viewers} signed-in consoles, each holding the live-update stream
 * open and fetching its worklist on every event, as htmx does. Prints a Markdown table: the pipeline's own
 * end-to-end latency (a reading measured → its finding on {@code rpm.findings}) of every run and of each kind of
 * run pooled, an alert change → shown in an open console's worklist, and the worklist's first render time with the
 * open alerts of the last run.
 *
 * <p>The viewers stand for browsers on the clinicians' own machines but share this JVM and its two cores with
 * the stack: they share one HTTP client (one selector thread, not fifty), and the CPU time of their threads is
 * reported. The simulator holds its rate ({@code rpm.sim.max-lag}): a catch-up burst at twice the rate after a slow
 * start would put a backlog into one run and not another.
 *
 * <p>Usage: {@code ConsoleBenchmark [patients=3000] [mix=deteriorating:0.025] [rate=2000] [duration=60s]
 * [viewers=50] [pairs=2]}
 */
public final class ConsoleBenchmark {
    private static final Pattern ALERT = Pattern.compile("id=\"alert-([^\"]+)\" data-state=\"[a-z]+\" data-updated=\"(\\d+)\"");
    private static final Pattern STATUS = Pattern.compile("[0-9]+ patients, ([0-9]+) unresolved alerts");
    private static final String PIPELINE = "pipeline end to end (reading measured → finding), ";
    private static final String TOKEN = "bench-viewer-token-0123456789abcdef0123456789abcdef";

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String patients = arg(args, 0, "3000");
        String mix = arg(args, 1, "deteriorating:0.025");
        String rate = arg(args, 2, "2000");
        String duration = arg(args, 3, "60s");
        int viewers = Integer.parseInt(arg(args, 4, "50"));
        int pairs = Integer.parseInt(arg(args, 5, "2"));
        Path tokens = Files.createTempFile("bench-tokens", ".txt");
        Files.writeString(tokens, TOKEN + " viewer bench-viewer\n");
        Map<String, String> run = Map.of("rpm.sim.scenario", "cohort", "rpm.sim.patients", patients, "rpm.sim.mix",
                mix, "rpm.sim.seed", "7", "rpm.sim.rate", rate, "rpm.sim.duration", duration,
                "rpm.sim.connections", "20", "rpm.sim.max-lag", "200ms");
        Scenario scenario = Simulator.configuredScenario(SimulatorConfig.from(Settings.of(run)));
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Options(0, EmbeddedStack.LOOPBACK, 0, 0, 0,
                0, Map.of(AlertConfig.API_TOKENS_FILE, tokens.toString())), scenario.bindings(),
                Duration.ofSeconds(180))) {
            String base = "http://127.0.0.1:" + stack.alerts().httpPort();
            // two minutes, as bench/run-all: the JIT was still busy 90 s into the load
            Map<String, String> warmUp = new HashMap<>(run);
            warmUp.put("rpm.sim.duration", "120s");
            simulate(stack, warmUp, "warm-up");
            Histogram quiet = new Histogram(3_600_000L, 3);
            Histogram loaded = new Histogram(3_600_000L, 3);
            Histogram visible = new Histogram(3_600_000L, 3);
            List<String> runs = new ArrayList<>();
            long fetches = 0;
            long movedUp = 0;
            long viewerCpuNanos = 0;
            double loadedSeconds = 0;
            for (int pair = 1; pair <= pairs; pair++) {
                Histogram alone = simulate(stack, run, "no viewers " + pair);
                quiet.add(alone);
                runs.add(rowText(PIPELINE + "no viewers, run " + pair, alone));
                List<Viewer> open = new ArrayList<>();
                for (int i = 0; i < viewers; i++) {
                    open.add(new Viewer(base));
                }
                long cpuBefore = Viewer.cpuNanos();
                long started = System.nanoTime();
                Histogram watched = simulate(stack, run, viewers + " viewers " + pair);
                loadedSeconds += (System.nanoTime() - started) / 1e9;
                viewerCpuNanos += Viewer.cpuNanos() - cpuBefore;
                loaded.add(watched);
                runs.add(rowText(PIPELINE + viewers + " viewers, run " + pair, watched));
                for (Viewer viewer : open) {
                    viewer.close();
                    visible.add(viewer.visible);
                    fetches += viewer.fetches;
                    movedUp += viewer.movedUp;
                }
            }
            long renderings = renderings(base);
            Histogram render = new Histogram(3_600_000L, 3);
            Viewer probe = new Viewer(base);
            int shown = 0;
            String openAlerts = "?";
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                HttpResponse<String> page = probe.get("/console/");
                render.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000_000));
                shown = countAlerts(page.body());
                Matcher status = STATUS.matcher(page.body());
                openAlerts = status.find() ? status.group(1) : "?";
            }
            probe.close();
            System.out.printf("| Measure | p50 | p99 | max | n |%n|---|---|---|---|---|%n");
            runs.forEach(System.out::println);
            row(PIPELINE + "no viewers, " + pairs + " runs pooled", quiet);
            row(PIPELINE + viewers + " viewers, " + pairs + " runs pooled", loaded);
            row("alert change → shown in an open console (" + viewers + " viewers, " + fetches + " fetches, " + renderings
                    + " renderings)",
                    visible);
            row("worklist first render, " + shown + " open alerts on its first page, " + openAlerts + " in all (audited)",
                    render);
            double slower = quiet.getValueAtPercentile(99) == 0 ? 0
                    : 100.0 * (loaded.getValueAtPercentile(99) - quiet.getValueAtPercentile(99))
                            / quiet.getValueAtPercentile(99);
            System.out.printf("%npipeline p99 with %d viewers: %+.1f %% against no viewers (runs pooled)%n", viewers,
                    slower);
            System.out.printf("the viewers' own threads (HTTP client, stream readers, parsing): %.1f %% of one core"
                    + " during the runs with viewers%n", 100.0 * viewerCpuNanos / 1e9 / loadedSeconds);
            System.out.printf("alerts that moved up into a console's first page (not counted as changes): %d%n",
                    movedUp);
        } finally {
            Files.deleteIfExists(tokens);
        }
        System.exit(0);
    }

    /**
     * Runs the cohort once; returns the latencies (ms) from a reading's measurement to its finding being read from
     * {@code rpm.findings} (committed), for the findings it caused.
     */
    private static Histogram simulate(EmbeddedStack stack, Map<String, String> run, String name) throws Exception {
        Histogram latency = new Histogram(3_600_000L, 3);
        Instant started = Instant.now();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readFindings(stack.bootstrapServers(), started, latency, running));
        reader.start();
        SimulatorConfig config = SimulatorConfig.from(stack.settings().with(run));
        try (Simulator simulator = Simulator.builder(config).build()) {
            simulator.start();
            simulator.awaitCompletion(Duration.ofMinutes(30));
        }
        // the findings of the last readings still arrive: read until none came for two seconds
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5)).pollDelay(Duration.ofSeconds(2))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> seen.getAndSet(latency.getTotalCount()) == latency.getTotalCount());
        running.set(false);
        reader.join();
        System.err.printf("%s: %d findings, p99 %d ms%n", name, latency.getTotalCount(),
                latency.getValueAtPercentile(99));
        return latency;
    }

    private static void readFindings(String bootstrap, Instant since, Histogram latency, AtomicBoolean running) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FINDINGS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(200));
                // when the finding reached a reader: the record's own timestamp is the reading's event time
                // (Kafka Streams stamps its output with it), so it says nothing about latency
                long received = System.currentTimeMillis();
                for (ConsumerRecord<String, byte[]> record : records) {
                    Finding finding = Topics.FINDINGS.valueSerde().deserializer().deserialize(record.topic(),
                            record.value());
                    Instant newest = finding.evidence().stream().map(Evidence::measuredAt).max(Instant::compareTo)
                            .orElse(null);
                    if (newest != null && newest.isAfter(since) && !finding.late()) {
                        latency.recordValue(Math.max(0, received - newest.toEpochMilli()));
                    }
                }
            }
        }
    }

    private static int countAlerts(String html) {
        Matcher m = ALERT.matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Renderings of the worklist's live part so far, from the service's metrics (shared by same-view fetches). */
    private static long renderings(String base) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^rpm_alerts_console_worklist_renders_total\\S* ([0-9.eE+]+)$")
                .matcher(metrics.body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private static void row(String name, Histogram h) {
        System.out.println(rowText(name, h));
    }

    private static String rowText(String name, Histogram h) {
        return String.format("| %s | %d ms | %d ms | %d ms | %d |", name, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue(), h.getTotalCount());
    }

    private static String arg(String[] args, int i, String otherwise) {
        return args.length > i ? args[i] : otherwise;
    }

    /**
     * A signed-in console: its live-update stream on a thread of its own; on every {@code changed} event it fetches
     * the worklist (its first page, the most acute patients, as a browser shows it) and records, for each alert whose
     * change it sees for the first time, how long after the change (the alert's {@code updatedAt}) it was shown. A
     * change older than the start of the viewer's previous fetch was not a change it waited for but a patient moving
     * up into the first page as others resolved: counted as such, not as a latency.
     */
    private static final class Viewer implements AutoCloseable {
        private static final String THREAD = "bench-viewer";
        /** The threads the viewers' client started: its selector (named by the JDK) and its workers. */
        private static final Set<Long> CLIENT_THREADS = ConcurrentHashMap.newKeySet();
        /** One client for all viewers: its selector thread and pool serve every viewer's connections. */
        private static final HttpClient HTTP = viewersClient();
        private final String base;
        private final String cookie;
        private final Histogram visible = new Histogram(3_600_000L, 3);
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile boolean open = true;
        private volatile Stream<String> lines;
        private volatile long fetches;
        private volatile long movedUp;
        private long previousFetchStart = System.currentTimeMillis();

        Viewer(String base) throws Exception {
            this.base = base;
            HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String signIn = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rpm_console_sign_in="))
                    .findFirst().orElseThrow().split(";")[0];
            String csrf = signIn.substring(signIn.indexOf('=') + 1);
            HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in"))
                    .header("Cookie", signIn).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
                            + "&token=" + TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
            cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rpm_console="))
                    .findFirst().orElseThrow(() -> new IllegalStateException("sign-in failed: " + signedIn.statusCode()))
                    .split(";")[0];
            // what is on the worklist already is not a change this viewer waited for
            Matcher m = ALERT.matcher(get("/console/worklist/items").body());
            while (m.find()) {
                seen.add(m.group(1) + "@" + m.group(2));
            }
            thread = new Thread(this::listen, THREAD);
            thread.setDaemon(true);
            thread.start();
        }

        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private void listen() {
            try {
                HttpResponse<Stream<String>> events = HTTP.send(HttpRequest.newBuilder(URI.create(base
                        + "/console/events")).header("Cookie", cookie).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
                lines = events.body();
                if (!open) {
                    lines.close();
                    return;
                }
                lines.forEach(line -> {
                    if (open && line.startsWith("event: changed")) {
                        fetch();
                    }
                });
            } catch (Exception e) {
                if (open) {
                    System.err.println("viewer stream ended: " + e);
                }
            }
        }

        private void fetch() {
            try {
                long start = System.currentTimeMillis();
                String html = get("/console/worklist/items").body();
                long now = System.currentTimeMillis();
                fetches++;
                Matcher m = ALERT.matcher(html);
                while (m.find()) {
                    if (seen.add(m.group(1) + "@" + m.group(2))) {
                        long changed = Long.parseLong(m.group(2));
                        if (changed >= previousFetchStart) {
                            visible.recordValue(Math.max(0, now - changed));
                        } else {
                            movedUp++;
                        }
                    }
                }
                previousFetchStart = start;
            } catch (Exception e) {
                if (open) {
                    System.err.println("viewer fetch failed: " + e);
                }
            }
        }

        /** Ends the viewer and closes its event stream (its connection, else each pair of runs would leave 50 open). */
        @Override
        public void close() {
            open = false;
            Stream<String> stream = lines;
            if (stream != null) {
                stream.close();
            }
            thread.interrupt();
        }

        private static HttpClient viewersClient() {
            Set<Long> before = java.util.Arrays.stream(ManagementFactory.getThreadMXBean().getAllThreadIds()).boxed()
                    .collect(java.util.stream.Collectors.toSet());
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .executor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, THREAD + "-http");
                        t.setDaemon(true);
                        return t;
                    })).build();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && !before.contains(info.getThreadId())
                        && info.getThreadName().startsWith("HttpClient-")) {
                    CLIENT_THREADS.add(info.getThreadId());
                }
            }
            return client;
        }

        /**
         * CPU time so far of the viewers' live threads: their stream readers, the shared client's workers and its
         * selector.
         */
        static long cpuNanos() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long total = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && (info.getThreadName().startsWith(THREAD)
                        || CLIENT_THREADS.contains(info.getThreadId()))) {
                    total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return total;
        }
    }
}
