package org.rpmpipeline.alerts.bench;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Observation;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.alerts.FhirSettings;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.alerts.fhir.server.FhirServer;
import org.rpmpipeline.alerts.notify.NotificationChannel;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * Alert-service throughput and latency on embedded Kafka with the in-process FHIR server (bench/alerts/run.sh):
 * readings → Observations delivered to FHIR per second against HAPI's bare JSON encode rate of the same
 * resources (the ceiling), findings → notifications per second, and finding-to-notification latency.
 * Prints a Markdown table. Arguments: readings per pass, findings, latency samples, the in-process server's bound
 * (resources per type).
 */
public final class AlertBenchmark {
    /**
     * Passes before the measured ones. The ceiling's encoder is warm after one encode pass; the pipeline has far
     * more code for the JIT (Kafka, HAPI's encoder and parser, the HTTP client and server), much of it run once
     * per batch or request rather than per reading: on 2 cores the JIT still compiled for 15-50 % of a pass's
     * time after 6 to 8 passes and settled near 10 % after 10 to 15.
     */
    private static final int WARM_UP_PASSES = 12;
    private static final int MEASURED_PASSES = 5;

    private AlertBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int findings = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String storeBound = args.length > 3 ? args[3] : Integer.toString(FhirServer.DEFAULT_MAX_PER_TYPE);
        List<Reading> ceilingInput = readings("bench-1", readings);

        Encode before = encode(ceilingInput);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            Recorder recorder = new Recorder();
            AlertConfig config = AlertConfig.from(Settings.of(Map.of(
                    AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), AlertConfig.HTTP_PORT, "0",
                    "rpm.alerts.escalation.enabled", "false",
                    FhirSettings.SERVER_MAX_RESOURCES, storeBound)));
            try (AlertService service = new AlertService(config, Clock.systemUTC(), List.of(recorder))) {
                service.start();
                await().atMost(Duration.ofSeconds(60)).until(service::isReady);

                Passes passes = new Passes(service, producer, readings);
                for (int i = 1; i <= WARM_UP_PASSES; i++) {
                    passes.run("warm-" + i);
                }
                List<Pass> measured = new ArrayList<>();
                for (int i = 1; i <= MEASURED_PASSES; i++) {
                    measured.add(passes.run("bench-" + i));
                }
                measured.sort(Comparator.comparingDouble(Pass::fhirRate));
                Pass median = measured.get(measured.size() / 2);
                System.err.println("median pass, CPU per reading by thread:");
                median.printThreadCpu();
                // the ceiling is measured again right after the pipeline ran and the mean of both is used
                Encode after = encode(ceilingInput);
                System.err.printf(Locale.ROOT, "encode ceiling before %.0f /s, after %.0f /s%n", before.rate(),
                        after.rate());
                double ceiling = (before.rate() + after.rate()) / 2;
                double encodeCpuMicros = (before.cpuMicros() + after.cpuMicros()) / 2;

                long start = System.nanoTime();
                Instant t0 = Instant.parse("2026-03-15T08:00:00Z");
                for (int i = 0; i < findings; i++) {
                    send(producer, finding("bench-f-" + i, t0));
                }
                producer.flush();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> recorder.count.get() >= findings);
                double findingRate = findings / seconds(start);

                long[] latencies = new long[samples];
                for (int i = 0; i < samples; i++) {
                    Finding finding = finding("bench-l-" + i, t0);
                    long sent = System.nanoTime();
                    recorder.expect(finding.patientId());
                    send(producer, finding);
                    producer.flush();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                            .until(() -> recorder.sentAt.containsKey(finding.patientId()));
                    latencies[i] = recorder.sentAt.get(finding.patientId()) - sent;
                }
                Arrays.sort(latencies);
                print(readings, ceiling, measured, median);
                printFindings(findings, samples, findingRate, latencies);
                System.out.printf(Locale.ROOT, "| CPU per reading → Observation in the FHIR server, whole JVM (service, "
                        + "embedded broker, the readings' producer, GC, JIT), median pass, vs per bare encode | "
                        + "%.0f µs vs %.0f µs (%.2f×) |%n", median.cpuMicros(), encodeCpuMicros,
                        encodeCpuMicros / median.cpuMicros());
            }
        }
    }

    /** Bare encode: the rate, and the encoding thread's CPU time per Observation. */
    private record Encode(double rate, double cpuMicros) {
    }

    /**
     * Bare encode: the rate and the encoding thread's CPU time per Observation of the faster of two timed passes,
     * after a full pass that lets the JIT compile the encoder.
     */
    private static Encode encode(List<Reading> input) {
        ObservationMapper mapper = new ObservationMapper();
        List<Observation> observations = new ArrayList<>();
        input.forEach(r -> observations.add(mapper.map(r)));
        long bytes = 0;
        for (Observation observation : observations) {
            bytes += Fhir.toJson(observation).length();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Encode best = null;
        for (int pass = 0; pass < 2; pass++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (Observation observation : observations) {
                bytes += Fhir.toJson(observation).length();
            }
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / observations.size();
            Encode encode = new Encode(observations.size() / seconds(start), cpuMicros);
            best = best == null || encode.rate() > best.rate() ? encode : best;
        }
        if (bytes == 0) {
            throw new IllegalStateException("nothing encoded");
        }
        return best;
    }

    /** CPU time per Java thread (name with digits folded), for the stderr breakdown. */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                out.merge(info.getThreadName().replaceAll("\\d+", "N"), Math.max(cpu, 0), Long::sum);
            }
        }
        return out;
    }

    /** The JIT compilers' accumulated time (all compiler threads). */
    private static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** CPU time of the whole JVM so far: the readings run's threads share the cores, so they are counted together. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<Reading> readings(String prefix, int count) {
        List<Reading> out = new ArrayList<>(count);
        Instant base = Instant.parse("2026-03-15T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String device = prefix + "-ox-" + (i % 500);
            Instant at = base.plusSeconds(i);
            out.add(new Reading(Schema.VERSION, Reading.idFor(device, VitalType.SPO2, at, null),
                    prefix + "-pat-" + (i % 500), device, "bench-hub", VitalType.SPO2, BigDecimal.valueOf(90 + i % 10),
                    "%", null, null, at, at.plusMillis(300), TimeSource.DEVICE, null, null));
        }
        return out;
    }

    private static Finding finding(String patient, Instant t0) {
        return new Finding(Schema.VERSION, Finding.idFor("spo2-low", patient, t0, FindingStatus.ACTIVE), "spo2-low",
                1, Severity.HIGH, FindingStatus.ACTIVE, patient, List.of("ox"), t0, t0, List.of(),
                new BigDecimal("88"), "SpO2 below 92 %", t0, false, Map.of());
    }

    private static void send(KafkaProducer<String, byte[]> producer, Finding finding) {
        producer.send(new ProducerRecord<>(Topics.FINDINGS.name(), finding.patientId(),
                Topics.FINDINGS.valueSerde().serializer().serialize(Topics.FINDINGS.name(), finding)));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void print(int readings, double ceiling, List<Pass> measured, Pass median) {
        System.out.println("| Measure | Result |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| HAPI bare JSON encode of the same Observations (ceiling, mean of before "
                + "and after the pipeline ran) | %,.0f /s |%n", ceiling);
        System.out.printf(Locale.ROOT, "| Warm-up before the measured passes | %d passes of %,d readings |%n",
                WARM_UP_PASSES, readings);
        System.out.printf(Locale.ROOT, "| Readings → Observations in the FHIR server, median of %d passes of %,d "
                + "readings | %,.0f /s (%.2f× ceiling; passes %s) |%n", measured.size(), readings, median.fhirRate(),
                median.fhirRate() / ceiling, String.join(", ", measured.stream()
                        .map(p -> String.format(Locale.ROOT, "%.2f×", p.fhirRate() / ceiling)).toList()));
        System.out.printf(Locale.ROOT, "| JIT compiling during the median pass | %.0f %% of its time |%n",
                median.jitShare() * 100);
    }

    private static void printFindings(int findings, int samples, double findingRate, long[] latencies) {
        System.out.printf(Locale.ROOT, "| Findings → alerts + notifications (%,d findings) | %,.0f /s |%n",
                findings, findingRate);
        System.out.printf(Locale.ROOT, "| Finding → notification sent, p50 / p99 / max (%d samples) | %.1f / %.1f / "
                + "%.1f ms |%n", samples, ms(latencies, 0.50), ms(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** One pass of readings through the pipeline: its rate, CPU per reading and the JIT's share of its time. */
    private record Pass(double fhirRate, double cpuMicros, double jitShare,
            Map<String, Double> threadMicros) {
        /** Where the pass's CPU went (stderr): per thread group, the rest being GC, JIT and native threads. */
        void printThreadCpu() {
            double javaMicros = threadMicros.values().stream().mapToDouble(Double::doubleValue).sum();
            threadMicros.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                    .forEach(e -> System.err.printf(Locale.ROOT, "cpu per reading %7.1f µs  %s%n", e.getValue(),
                            e.getKey()));
            System.err.printf(Locale.ROOT, "cpu per reading %7.1f µs  (GC, JIT and other non-Java threads)%n",
                    cpuMicros - javaMicros);
        }
    }

    /**
     * Runs passes of readings through one service into its in-process FHIR server, one at a time: a pass's
     * readings (new devices each pass, so new Observations) are serialized first, then produced, and the pass
     * ends when its last Observation is in the server's store. Both stages do exactly the pass's work inside it.
     */
    private static final class Passes {
        private final AlertService service;
        private final KafkaProducer<String, byte[]> producer;
        private final int size;
        private int delivered;

        Passes(AlertService service, KafkaProducer<String, byte[]> producer, int size) {
            this.service = service;
            this.producer = producer;
            this.size = size;
        }

        Pass run(String name) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(size);
            for (Reading reading : readings(name, size)) {
                records.add(new ProducerRecord<>(Topics.READINGS.name(), reading.patientId(),
                        Topics.READINGS.valueSerde().serializer().serialize(Topics.READINGS.name(), reading)));
            }
            int expected = delivered + size;
            long start = System.nanoTime();
            long cpu = processCpuNanos();
            long compiled = compileMillis();
            Map<String, Long> threads = threadCpu();
            records.forEach(producer::send);
            producer.flush();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(10)).until(() ->
                    service.fhirServer().orElseThrow().store().created("Observation") >= expected);
            double seconds = seconds(start);
            Map<String, Double> threadMicros = new HashMap<>();
            threadCpu().forEach((thread, nanos) -> threadMicros.put(thread,
                    (nanos - threads.getOrDefault(thread, 0L)) / 1e3 / size));
            Pass pass = new Pass(size / seconds, (processCpuNanos() - cpu) / 1e3 / size,
                    (compileMillis() - compiled) / 1e3 / seconds, threadMicros);
            System.err.printf(Locale.ROOT, "pass %s: %,.0f readings/s into FHIR, %.0f µs CPU per reading, JIT "
                    + "compiling %.0f %% of the time%n", name, pass.fhirRate(), pass.cpuMicros(),
                    pass.jitShare() * 100);
            delivered = expected;
            return pass;
        }
    }

    /** Counts notifications and records when the first one per patient was sent. */
    private static final class Recorder implements NotificationChannel {
        final AtomicInteger count = new AtomicInteger();
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();

        void expect(String patient) {
            sentAt.remove(patient);
        }

        @Override
        public String name() {
            return "bench";
        }

        @Override
        public void send(Notification notification) {
            count.incrementAndGet();
            sentAt.putIfAbsent(notification.patientId(), System.nanoTime());
        }
    }
}
