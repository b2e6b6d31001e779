package org.rpmpipeline.demo.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * The stream processor killed with SIGKILL in the middle of a stream of readings and started again on the same
 * state directory: every SpO2 finding the readings call for is committed exactly once (a {@code read_committed}
 * reader sees no finding id twice and none missing), and the restarted process is the same static group member.
 */
@Timeout(360)
class ProcessorKillIT {
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final int PATIENTS = 20;
    private static final int PAIRS = 20;
    private static final String APP = "crash-it-processor";
    private static final String INSTANCE = "crash-it-processor-0";

    @TempDir
    Path dir;

    @Test
    void killedMidStreamCommitsEveryFindingExactlyOnce() throws Exception {
        int port = ServiceJvm.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());
                CommittedRecords<Finding> findings = new CommittedRecords<>(kafka.bootstrapServers(), Topics.FINDINGS);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()));
                ServiceJvm processor = ServiceJvm.of("processor", Map.of(
                        "RPM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "RPM_PROCESSOR_APPLICATION_ID", APP,
                        "RPM_PROCESSOR_INSTANCE_ID", INSTANCE,
                        "RPM_PROCESSOR_STATE_DIR", dir.resolve("state").toString(),
                        "RPM_PROCESSOR_HTTP_PORT", String.valueOf(port)), port, dir)) {
            Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
            processor.start();
            await().atMost(WAIT).until(processor::ready);

            send(producer, base, 0, PAIRS / 4);
            await().atMost(WAIT).untilAsserted(() -> assertThat(spo2(findings.poll())).isNotEmpty());
            int beforeSecondBatch = spo2(findings.poll()).size();
            send(producer, base, PAIRS / 4, PAIRS);
            // kill while the processor works through the second batch
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> spo2(findings.poll()).size() > beforeSecondBatch);
            processor.kill();

            processor.start();
            await().atMost(WAIT).until(processor::ready);
            List<String> sentinels = sentinels(producer, base);
            await().atMost(WAIT).untilAsserted(() -> assertThat(spo2(findings.poll()))
                    .extracting(Finding::patientId).containsAll(sentinels));

            List<Finding> spo2 = spo2(findings.poll()).stream()
                    .filter(f -> !sentinels.contains(f.patientId())).toList();
            // one ACTIVE per low reading, one RESOLVED per normal reading that follows it
            assertThat(spo2).as(processor.output()).hasSize(PATIENTS * PAIRS * 2);
            assertThat(spo2.stream().filter(f -> f.status() == FindingStatus.ACTIVE)).hasSize(PATIENTS * PAIRS);
            List<String> ids = findings.poll().stream().map(Finding::findingId).toList();
            assertThat(new HashSet<>(ids)).as("no finding committed twice").hasSameSizeAs(ids);
            Set<String> members = new HashSet<>();
            for (MemberDescription member : admin.describeConsumerGroups(List.of(APP)).all()
                    .get(30, TimeUnit.SECONDS).get(APP).members()) {
                members.add(member.groupInstanceId().orElse("(dynamic)"));
            }
            assertThat(members).as("the restarted process took its static membership back")
                    .singleElement().asString().startsWith(INSTANCE);
        }
    }

    /** Low then normal SpO2, one minute apart, for every patient and pair in {@code [from, to)}. */
    private static void send(KafkaProducer<String, Reading> producer, Instant base, int from, int to) {
        for (int pair = from; pair < to; pair++) {
            for (int p = 0; p < PATIENTS; p++) {
                Instant low = base.plus(Duration.ofMinutes(2L * pair));
                send(producer, "crash-pat-" + p, low, "86");
                send(producer, "crash-pat-" + p, low.plus(Duration.ofMinutes(1)), "97");
            }
        }
        producer.flush();
    }

    /** A low reading for one patient on each partition, sent after everything else. */
    private static List<String> sentinels(KafkaProducer<String, Reading> producer, Instant base) {
        List<String> patients = List.of(0, 1, 2).stream()
                .map(partition -> CommittedRecords.keyOnPartition("crash-sentinel-", partition, 3)).toList();
        patients.forEach(patient -> send(producer, patient, base.plus(Duration.ofMinutes(2L * PAIRS)), "86"));
        producer.flush();
        return patients;
    }

    private static void send(KafkaProducer<String, Reading> producer, String patient, Instant at, String value) {
        String device = "ox-" + patient;
        producer.send(new ProducerRecord<>(Topics.READINGS.name(), patient, new Reading(Schema.VERSION,
                Reading.idFor(device, VitalType.SPO2, at, value), patient, device, null, VitalType.SPO2,
                new BigDecimal(value), VitalType.SPO2.unit(), null, List.of(), at, at, null, null, null)));
    }

    private static List<Finding> spo2(List<Finding> all) {
        return all.stream().filter(f -> f.ruleId().equals("spo2-low")).toList();
    }
}
