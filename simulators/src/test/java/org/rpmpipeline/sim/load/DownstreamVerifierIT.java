package org.rpmpipeline.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.sim.Publication;
import org.rpmpipeline.sim.SimulatorConfig;
import org.rpmpipeline.sim.device.DeviceKind;
import org.rpmpipeline.sim.device.Measurement;
import org.rpmpipeline.sim.device.Sample;
import org.rpmpipeline.sim.scenario.Emission;

/**
 * What {@code --verify} counts, on a real broker: committed records only (a transaction the alert service aborted
 * is no notification, and its copy of a committed one no duplicate), and findings and notifications that come
 * after every reading was accounted for.
 */
@Timeout(180)
class DownstreamVerifierIT {
    private static final Instant AT = Instant.parse("2026-11-28T15:00:00Z");
    private static final String CORRELATION = "run1.ox-1.1";

    @Test
    void countsCommittedRecordsOnly_andWaitsForFindingsAndNotificationsAfterTheReadings() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, byte[]> plain = producer(kafka, Map.of());
                KafkaProducer<String, byte[]> transactional = producer(kafka, Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "verifier-it"))) {
            transactional.initTransactions();
            Tally tally = new Tally("run1");
            SimulatorConfig.Verify settings = new SimulatorConfig.Verify(true, kafka.bootstrapServers(), Map.of(),
                    Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofMinutes(2));
            try (DownstreamVerifier verifier = new DownstreamVerifier(settings, tally)) {
                verifier.start();
                Publication published = publication();
                tally.published(published);
                send(plain, Topics.READINGS, reading(), CORRELATION);

                CompletableFuture<Boolean> settled = CompletableFuture.supplyAsync(() -> {
                    try {
                        return verifier.awaitSettled(settings.grace(), settings.settle(), settings.timeout());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(tally::settled);
                assertThat(settled).as("every reading is in, and it still waits for what follows").isNotDone();
                // the alert service's outcome comes after the reading: a transaction it aborted (a retried
                // batch, a crash), then the committed one with the finding's notification
                Notification notification = notification("n-1");
                transactional.beginTransaction();
                send(transactional, Topics.NOTIFICATIONS, notification, CORRELATION);
                send(transactional, Topics.NOTIFICATIONS, notification("n-aborted"), CORRELATION);
                transactional.flush();
                transactional.abortTransaction();
                send(plain, Topics.FINDINGS, finding(), CORRELATION);
                transactional.beginTransaction();
                send(transactional, Topics.NOTIFICATIONS, notification, CORRELATION);
                transactional.commitTransaction();

                assertThat(settled.get(150, TimeUnit.SECONDS)).as("every message accounted for").isTrue();
            }
            VerifyReport report = tally.report();
            assertThat(report.delivered()).isEqualTo(1);
            assertThat(report.findings()).isEqualTo(1);
            assertThat(report.matchedFindings()).isEqualTo(1);
            assertThat(report.notifications()).as("the committed one only").isEqualTo(1);
            assertThat(report.duplicateNotifications()).isZero();
            assertThat(report.publishToNotification().count()).isEqualTo(1);
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, V value,
            String correlationId) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), "patient-1",
                topic.valueSerde().serializer().serialize(topic.name(), value));
        record.headers().add(HeaderNames.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        producer.flush();
    }

    private static Publication publication() {
        Measurement m = new Measurement(Duration.ofSeconds(1), 1, "patient-1", "hub-1", "ox-1",
                DeviceKind.PULSE_OXIMETER, List.of(Sample.of(VitalType.SPO2, new BigDecimal("85"))));
        return new Publication(CORRELATION, "rpm/v1/ox-1/vitals", AT,
                new Emission(1000, List.of(m), 1, false, Duration.ZERO, null));
    }

    private static Reading reading() {
        return new Reading(Schema.VERSION, "r1", "patient-1", "ox-1", "hub-1", VitalType.SPO2,
                new BigDecimal("85"), "%", null, null, AT, AT, TimeSource.DEVICE, CORRELATION, null);
    }

    private static Finding finding() {
        return new Finding(Schema.VERSION, "f1", "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "patient-1",
                List.of("ox-1"), AT, AT, List.of(new Evidence("r1", VitalType.SPO2, new BigDecimal("85"), "%", AT)),
                new BigDecimal("85"), "SpO2 low", AT, false, Map.of());
    }

    private static Notification notification(String id) {
        return new Notification(Schema.VERSION, id, "alert-1", "patient-1", "webhook", "ward", Severity.HIGH,
                "HIGH spo2-low", Instant.now());
    }
}
