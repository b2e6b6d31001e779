package org.rpmpipeline.demo.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * The alert service killed with SIGKILL while findings arrive and started again: every patient whose finding
 * opens an alert has exactly one committed notification ({@code read_committed} on {@code rpm.notifications}), none
 * is missing and none is committed twice, whatever was in flight at the kill.
 */
@Timeout(360)
class AlertServiceKillIT {
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final int PATIENTS = 60;
    private static final int FINDINGS_PER_PATIENT = 5;

    @TempDir
    Path dir;

    @Test
    void killedWhileFindingsArriveNotifiesEachAlertExactlyOnce() throws Exception {
        int port = ServiceJvm.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, Finding> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        Topics.FINDINGS.keySerde().serializer(), Topics.FINDINGS.valueSerde().serializer());
                CommittedRecords<Notification> notifications = new CommittedRecords<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS);
                ServiceJvm alerts = ServiceJvm.of("alerts", Map.of(
                        "RPM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "RPM_ALERTS_INSTANCE_ID", "crash-it-alerts-0",
                        "RPM_ALERTS_HTTP_PORT", String.valueOf(port)), port, dir)) {
            Instant base = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
            alerts.start();
            await().atMost(WAIT).until(alerts::ready);

            send(producer, base, 0, PATIENTS / 3);
            await().atMost(WAIT).untilAsserted(() -> assertThat(notifications.poll()).isNotEmpty());
            int beforeSecondBatch = notifications.poll().size();
            send(producer, base, PATIENTS / 3, PATIENTS);
            // kill while the service works through the second batch
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> notifications.poll().size() > beforeSecondBatch);
            alerts.kill();

            alerts.start();
            await().atMost(WAIT).until(alerts::ready);
            List<String> sentinels = List.of(0, 1, 2).stream()
                    .map(partition -> CommittedRecords.keyOnPartition("crash-sentinel-", partition, 3)).toList();
            sentinels.forEach(patient -> producer.send(record(patient, base, 0)));
            producer.flush();
            await().atMost(WAIT).untilAsserted(() -> assertThat(notifications.poll())
                    .extracting(Notification::patientId).containsAll(sentinels));

            List<Notification> all = notifications.poll();
            Map<String, Long> perPatient = all.stream().filter(n -> !sentinels.contains(n.patientId()))
                    .collect(Collectors.groupingBy(Notification::patientId, Collectors.counting()));
            assertThat(perPatient).as(alerts.output()).hasSize(PATIENTS);
            assertThat(perPatient.values()).as("one notification per alert").containsOnly(1L);
            Set<String> ids = all.stream().map(Notification::notificationId).collect(Collectors.toSet());
            assertThat(ids).as("no notification committed twice").hasSameSizeAs(all);
            Set<String> alertIds = all.stream().map(Notification::alertId).collect(Collectors.toSet());
            assertThat(alertIds).as("one notification per alert").hasSameSizeAs(all);
        }
    }

    /** For each patient in {@code [from, to)}: a high SpO2 finding that opens an alert, then updates to it. */
    private static void send(KafkaProducer<String, Finding> producer, Instant base, int from, int to) {
        for (int p = from; p < to; p++) {
            for (int i = 0; i < FINDINGS_PER_PATIENT; i++) {
                producer.send(record("crash-pat-" + p, base, i));
            }
        }
        producer.flush();
    }

    private static ProducerRecord<String, Finding> record(String patient, Instant base, int step) {
        Instant window = base.plus(Duration.ofMinutes(step));
        String value = String.valueOf(90 - step % 3);
        Finding finding = new Finding(Schema.VERSION, Finding.idFor("spo2-low", patient, window, FindingStatus.ACTIVE),
                "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, patient, List.of("ox-" + patient), window, window,
                List.of(), new BigDecimal(value), "Oxygen saturation low", window.plusSeconds(1), false, Map.of());
        return new ProducerRecord<>(Topics.FINDINGS.name(), patient, finding);
    }
}
