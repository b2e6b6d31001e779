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
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
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
 * Prints a Markdown table. Arguments: readings, findings, latency samples.
 */
public final class AlertBenchmark {
    private AlertBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int findings = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        List<Reading> input = readings("bench", readings);
        // the ceiling encodes after a full warm-up pass; the pipeline gets the same (JIT, consumer groups, first
        // FHIR requests): a pass of as many other readings, delivered to the FHIR server before the measured run
        List<Reading> warmUp = readings("warm", readings);

        Encode before = encode(input);
        double ceiling = before.rate();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            Recorder recorder = new Recorder();
            AlertConfig config = AlertConfig.from(Settings.of(Map.of(
                    AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), AlertConfig.HTTP_PORT, "0",
                    "rpm.alerts.escalation.enabled", "false",
                    "rpm.alerts.fhir.server-enabled", System.getProperty("bench.fhir", "true"))));
            try (AlertService service = new AlertService(config, Clock.systemUTC(), List.of(recorder))) {
                service.start();
                await().atMost(Duration.ofSeconds(60)).until(service::isReady);

                for (Reading reading : warmUp) {
                    producer.send(new ProducerRecord<>(Topics.READINGS.name(), reading.patientId(),
                            Topics.READINGS.valueSerde().serializer().serialize(Topics.READINGS.name(), reading)));
                }
                producer.flush();
                int warm = warmUp.size();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                        service.fhirServer().map(f -> f.store().count("Observation")).orElse(warm) >= warm);

                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                Map<String, Long> threadsStart = threadCpu();
                for (Reading reading : input) {
                    producer.send(new ProducerRecord<>(Topics.READINGS.name(), reading.patientId(),
                            Topics.READINGS.valueSerde().serializer().serialize(Topics.READINGS.name(), reading)));
                }
                producer.flush();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                        service.metrics().counter("rpm.alerts.observations.published").count() >= warm + readings);
                double kafkaRate = readings / seconds(start);
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                        service.fhirServer().map(f -> f.store().count("Observation")).orElse(0) >= warm + readings
                        || service.fhirServer().isEmpty());
                double readingRate = readings / seconds(start);
                double pipelineCpuMicros = (processCpuNanos() - cpuStart) / 1e3 / readings;
                printThreadCpu(threadsStart, threadCpu(), readings, pipelineCpuMicros);
                System.err.printf(Locale.ROOT, "readings run took %.1f s, ended %s%n", seconds(start), Instant.now());
                // the machine is shared: encode again right after the pipeline ran and use the mean of both
                Encode after = encode(input);
                double ceilingAfter = after.rate();
                double encodeCpuMicros = (before.cpuMicros() + after.cpuMicros()) / 2;
                System.err.printf(Locale.ROOT, "encode ceiling before %.0f /s, after %.0f /s%n", ceiling, ceilingAfter);
                ceiling = (ceiling + ceilingAfter) / 2;

                start = System.nanoTime();
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
                print(readings, findings, samples, ceiling, kafkaRate, readingRate, findingRate, latencies);
                System.out.printf(Locale.ROOT, "| CPU per reading → Observation in the FHIR server, whole JVM (service, "
                        + "embedded broker, load producer, GC) vs per bare encode | %.0f µs vs %.0f µs (%.2f×) |%n",
                        pipelineCpuMicros, encodeCpuMicros, encodeCpuMicros / pipelineCpuMicros);
            }
        }
    }

    /** Bare encode: the rate, and the encoding thread's CPU time per Observation. */
    private record Encode(double rate, double cpuMicros) {
    }

    private static Encode encode(List<Reading> input) {
        ObservationMapper mapper = new ObservationMapper();
        List<Observation> observations = new ArrayList<>();
        input.forEach(r -> observations.add(mapper.map(r)));
        long bytes = 0;
        for (Observation observation : observations) {
            bytes += Fhir.toJson(observation).length(); // warm-up: one full pass, so the JIT has compiled the encoder
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (Observation observation : observations) {
            bytes += Fhir.toJson(observation).length();
        }
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / observations.size();
        double rate = observations.size() / seconds(start);
        return bytes > 0 ? new Encode(rate, cpuMicros) : new Encode(0, 0);
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

    /** Where the readings run's CPU went (stderr): per thread group, the rest being GC, JIT and native threads. */
    private static void printThreadCpu(Map<String, Long> before, Map<String, Long> after, int readings,
            double totalMicros) {
        double javaMicros = 0;
        List<Map.Entry<String, Double>> rows = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            double micros = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e3 / readings;
            javaMicros += micros;
            rows.add(Map.entry(e.getKey(), micros));
        }
        rows.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (Map.Entry<String, Double> row : rows.subList(0, Math.min(12, rows.size()))) {
            System.err.printf(Locale.ROOT, "cpu per reading %7.1f µs  %s%n", row.getValue(), row.getKey());
        }
        System.err.printf(Locale.ROOT, "cpu per reading %7.1f µs  (GC, JIT and other non-Java threads)%n",
                totalMicros - javaMicros);
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

    private static void print(int readings, int findings, int samples, double ceiling, double kafkaRate,
            double readingRate, double findingRate, long[] latencies) {
        System.out.println("| Measure | Result |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| HAPI bare JSON encode of the same Observations (ceiling, mean of before "
                + "and after the readings run) | %,.0f /s |%n", ceiling);
        System.out.printf(Locale.ROOT, "| Readings → Observation JSON on rpm.observations | %,.0f /s (%.2f× ceiling) |%n",
                kafkaRate, kafkaRate / ceiling);
        System.out.printf(Locale.ROOT, "| Readings → Observations in the FHIR server (%,d readings) | %,.0f /s "
                + "(%.2f× ceiling) |%n", readings, readingRate, readingRate / ceiling);
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
