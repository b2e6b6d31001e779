package org.rpmpipeline.alerts.bench;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
        List<Reading> input = readings(readings);

        double ceiling = encodeRate(input);
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

                long start = System.nanoTime();
                for (Reading reading : input) {
                    producer.send(new ProducerRecord<>(Topics.READINGS.name(), reading.patientId(),
                            Topics.READINGS.valueSerde().serializer().serialize(Topics.READINGS.name(), reading)));
                }
                producer.flush();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                        service.metrics().counter("rpm.alerts.observations.published").count() >= readings);
                double kafkaRate = readings / seconds(start);
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                        service.fhirServer().map(f -> f.store().count("Observation")).orElse(readings) >= readings);
                double readingRate = readings / seconds(start);
                // the machine is shared: encode again right after the pipeline ran and use the mean of both
                double ceilingAfter = encodeRate(input);
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
            }
        }
    }

    private static double encodeRate(List<Reading> input) {
        ObservationMapper mapper = new ObservationMapper();
        List<Observation> observations = new ArrayList<>();
        input.forEach(r -> observations.add(mapper.map(r)));
        long bytes = 0;
        for (int i = 0; i < Math.min(2_000, observations.size()); i++) {
            bytes += Fhir.toJson(observations.get(i)).length(); // warm-up
        }
        long start = System.nanoTime();
        for (Observation observation : observations) {
            bytes += Fhir.toJson(observation).length();
        }
        double rate = observations.size() / seconds(start);
        return bytes > 0 ? rate : 0;
    }

    private static List<Reading> readings(int count) {
        List<Reading> out = new ArrayList<>(count);
        Instant base = Instant.parse("2026-03-15T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String device = "bench-ox-" + (i % 500);
            Instant at = base.plusSeconds(i);
            out.add(new Reading(Schema.VERSION, Reading.idFor(device, VitalType.SPO2, at, null),
                    "bench-pat-" + (i % 500), device, "bench-hub", VitalType.SPO2, BigDecimal.valueOf(90 + i % 10),
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
