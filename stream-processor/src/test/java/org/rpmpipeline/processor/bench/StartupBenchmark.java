package org.rpmpipeline.processor.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.processor.Processor;
import org.rpmpipeline.processor.ProcessorConfig;

/**
 * The processor's first seconds under load: an embedded broker and a freshly started processor, SpO2 readings at a
 * steady rate from the moment it is ready (every tenth round of patients below the threshold). Prints once a
 * second what the processor got done (readings processed, commits, producer flush and transaction-commit time)
 * and at the end the time from ready to the first finding and the commit cycle 5–18 s after ready. Not a test:
 * run with {@code bench/processor/startup.sh [rate] [seconds] [patients] [setting=value ...]}, where the settings
 * are processor settings (e.g. {@code rpm.processor.commit-interval=500ms}).
 */
public final class StartupBenchmark {
    private static final String[] COLUMNS = {"kafka_stream_thread_process_total{",
        "kafka_stream_thread_commit_total{", "kafka_producer_flush_time_ns_total{",
        "kafka_producer_txn_commit_time_ns_total{"};

    private StartupBenchmark() {
    }

    /** One sample: seconds after ready, readings sent, then the {@link #COLUMNS} summed over clients. */
    private record Sample(double seconds, long sent, long findings, double[] values) {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int patients = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Map<String, String> settings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            settings.put(ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            settings.put("rpm.processor.state-dir", Files.createTempDirectory("rpm-startup-bench-").toString());
            settings.put("rpm.processor.http-port", "0");
            run(kafka, ProcessorConfig.from(Settings.of(settings)), rate, seconds, patients);
        }
    }

    private static void run(EmbeddedKafka kafka, ProcessorConfig config, int rate, int seconds, int patients)
            throws Exception {
        long started = System.nanoTime();
        try (Processor processor = Processor.create(config);
                KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG, "5"),
                        Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());
                KafkaConsumer<String, Finding> findings = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "rpm-startup-bench-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                        Topics.FINDINGS.keySerde().deserializer(), Topics.FINDINGS.valueSerde().deserializer())) {
            processor.start();
            findings.subscribe(List.of(Topics.FINDINGS.name()));
            while (!processor.isReady()) {
                findings.poll(Duration.ofMillis(50));
            }
            long ready = System.nanoTime();
            System.out.printf(Locale.ROOT, "ready %.1f s after start%n", (ready - started) / 1e9);
            AtomicLong sent = new AtomicLong();
            Thread sender = new Thread(() -> send(producer, rate, seconds, patients, sent), "rpm-startup-bench-sender");
            sender.start();
            URI metrics = URI.create("http://127.0.0.1:" + processor.httpPort() + "/metrics");
            HttpClient http = HttpClient.newHttpClient();
            Histogram latency = new Histogram(3_600_000, 3);
            double firstFinding = -1;
            long lastSample = 0;
            List<Sample> samples = new ArrayList<>();
            System.out.println("seconds,sent,findings,processed,commits,flush_ms,txn_commit_ms");
            while (sender.isAlive() || System.nanoTime() - ready < (seconds + 20) * 1_000_000_000L) {
                for (ConsumerRecord<String, Finding> finding : findings.poll(Duration.ofMillis(100))) {
                    latency.recordValue(Math.max(0, System.currentTimeMillis() - finding.timestamp()));
                    if (firstFinding < 0) {
                        firstFinding = (System.nanoTime() - ready) / 1e9;
                    }
                }
                if (System.nanoTime() - lastSample >= 1_000_000_000L) {
                    lastSample = System.nanoTime();
                    Sample sample = new Sample((lastSample - ready) / 1e9, sent.get(), latency.getTotalCount(),
                            scrape(http, metrics));
                    samples.add(sample);
                    System.out.printf(Locale.ROOT, "%.0f,%d,%d,%.0f,%.0f,%.0f,%.0f%n", sample.seconds(), sample.sent(),
                            sample.findings(), sample.values()[0], sample.values()[1], sample.values()[2] / 1e6,
                            sample.values()[3] / 1e6);
                }
            }
            summarize(firstFinding, samples, latency);
        }
    }

    private static void send(KafkaProducer<String, Reading> producer, int rate, int seconds, int patients,
            AtomicLong sent) {
        long total = (long) rate * seconds;
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ScheduledExecutorService ticks =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        // one reading per tick at the given rate: a late tick is caught up at once, as the earlier loop did
        ticks.scheduleAtFixedRate(() -> {
            long i = sent.get();
            if (i >= total) {
                done.countDown();
                return;
            }
            int patient = (int) (i % patients);
            Instant at = Instant.now();
            String device = "startup-ox-" + patient;
            String value = (i / patients) % 10 == 3 ? "85" : "97";
            Reading reading = new Reading(Schema.VERSION, Reading.idFor(device, VitalType.SPO2, at, value + i),
                    "startup-patient-" + patient, device, null, VitalType.SPO2, new BigDecimal(value),
                    VitalType.SPO2.unit(), null, List.of(), at, at, null, null, null);
            producer.send(new ProducerRecord<>(Topics.READINGS.name(), reading.patientId(), reading));
            sent.incrementAndGet();
        }, 0, 1_000_000_000L / rate, java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ticks.shutdownNow();
        }
    }

    private static double[] scrape(HttpClient http, URI metrics) throws InterruptedException {
        double[] values = new double[COLUMNS.length];
        String body;
        try {
            body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return values;
        }
        for (String line : body.split("\n")) {
            for (int c = 0; c < COLUMNS.length; c++) {
                if (line.startsWith(COLUMNS[c])) {
                    values[c] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return values;
    }

    private static void summarize(double firstFinding, List<Sample> samples, Histogram latency) {
        System.out.println(firstFinding < 0 ? "no finding"
                : String.format(Locale.ROOT, "first finding %.1f s after ready", firstFinding));
        Sample from = nearest(samples, 5);
        Sample to = nearest(samples, 18);
        double commits = Math.max(1, to.values()[1] - from.values()[1]);
        double span = to.seconds() - from.seconds();
        System.out.printf(Locale.ROOT, "%.0f-%.0f s after ready: %.0f readings/s, commit cycle %.0f ms, flush %.0f ms "
                + "and transaction commit %.0f ms per commit%n", from.seconds(), to.seconds(),
                (to.values()[0] - from.values()[0]) / span, 1000 * span / commits,
                (to.values()[2] - from.values()[2]) / 1e6 / commits, (to.values()[3] - from.values()[3]) / 1e6 / commits);
        System.out.printf(Locale.ROOT, "findings %d, record time to received p50 %d ms, p99 %d ms%n",
                latency.getTotalCount(), latency.getValueAtPercentile(50), latency.getValueAtPercentile(99));
    }

    private static Sample nearest(List<Sample> samples, double seconds) {
        Sample best = samples.get(0);
        for (Sample sample : samples) {
            if (Math.abs(sample.seconds() - seconds) < Math.abs(best.seconds() - seconds)) {
                best = sample;
            }
        }
        return best;
    }
}
