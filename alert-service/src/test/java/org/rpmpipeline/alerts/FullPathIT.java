package org.rpmpipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.fhir.ObservationIds;
import org.rpmpipeline.alerts.notify.WebhookReceiver;
import org.rpmpipeline.alerts.notify.WebhookSignature;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.FreePort;

/**
 * The issue's end-to-end scenario on embedded Kafka, the in-process FHIR server, GreenMail and a local webhook:
 * a reading and a finding yield the Observation, the DetectedIssue referencing it, one email, one signed webhook
 * and a Communication per notification; restarting the service mid-stream sends nothing twice.
 */
@Timeout(300)
class FullPathIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SECRET = "full-path-webhook-secret";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @Test
    void findingReachesFhirEmailAndWebhookOnceAcrossARestart(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET);
        Path teams = Files.writeString(dir.resolve("teams.json"), """
                {"default": "ward", "teams": {"ward": {"tiers": [{"recipients": ["nurse@ward.example"]}]}}}
                """);
        Instant t0 = Instant.parse("2026-03-15T08:30:00Z");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                WebhookReceiver webhook = new WebhookReceiver(0);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS)) {
            int httpPort = FreePort.pick();
            Map<String, String> settings = new HashMap<>(Map.of(
                    AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    AlertConfig.HTTP_PORT, Integer.toString(httpPort),
                    AlertConfig.CHANNELS, "console,webhook,email",
                    AlertConfig.CARE_TEAMS_FILE, teams.toString(),
                    WebhookSettings.URL, webhook.url().toString(),
                    WebhookSettings.SECRET_FILE, secret.toString(),
                    EmailSettings.HOST, "127.0.0.1",
                    EmailSettings.PORT, Integer.toString(SMTP.getSmtp().getPort()),
                    EmailSettings.FROM, "rpm@example.org",
                    EmailSettings.ALERT_LINK_BASE, "https://rpm.example.org/alerts/"));
            AlertConfig config = AlertConfig.from(Settings.of(settings));
            Reading reading = new Reading(Schema.VERSION, Reading.idFor("ox-9", VitalType.SPO2, t0, null), "pat-fp",
                    "ox-9", "hub-9", VitalType.SPO2, new BigDecimal("87"), "%", null, null, t0, t0.plusSeconds(1),
                    TimeSource.DEVICE, null, null);
            Finding finding = new Finding(Schema.VERSION, Finding.idFor("spo2-low", "pat-fp", t0, FindingStatus.ACTIVE),
                    "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-fp", List.of("ox-9"), t0, t0,
                    List.of(new Evidence(reading.readingId(), VitalType.SPO2, new BigDecimal("87"), "%", t0)),
                    new BigDecimal("87"), "SpO2 below 92 %", t0.plusSeconds(2), false, Map.of());

            try (AlertService service = new AlertService(config, Clock.systemUTC())) {
                service.start();
                send(producer, Topics.READINGS, "pat-fp", reading);
                send(producer, Topics.FINDINGS, "pat-fp", finding);
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(resources(service, "Observation")).hasSize(1);
                    assertThat(resources(service, "DetectedIssue")).hasSize(1);
                    assertThat(resources(service, "Communication")).hasSize(3);
                    assertThat(SMTP.getReceivedMessages()).hasSize(1);
                    assertThat(webhook.received()).hasSize(1);
                });
                DetectedIssue issue = (DetectedIssue) resources(service, "DetectedIssue").get(0);
                assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().getReference()).isEqualTo(
                        "Observation/" + ObservationIds.of("ox-9", VitalType.SPO2, t0).resourceId());
                assertThat(resources(service, "Communication")).extracting(r -> ((Communication) r)
                        .getMediumFirstRep().getText()).containsExactlyInAnyOrder("console", "webhook", "email");
            }
            WebhookReceiver.Received hook = webhook.received().get(0);
            assertThat(new WebhookSignature(SECRET.getBytes(StandardCharsets.UTF_8)).verify(
                    Long.parseLong(hook.timestamp()), hook.body(), hook.signature(), Instant.now(),
                    Duration.ofMinutes(5))).isTrue();
            assertThat(GreenMailUtil.getBody(SMTP.getReceivedMessages()[0])).doesNotContain("pat-fp", "87");

            try (AlertService restarted = new AlertService(config, Clock.systemUTC())) {
                restarted.start();
                Finding again = new Finding(Schema.VERSION, Finding.idFor("spo2-low", "pat-fp", t0.plusSeconds(60),
                        FindingStatus.ACTIVE), "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-fp",
                        List.of("ox-9"), t0.plusSeconds(60), t0.plusSeconds(60), List.of(), new BigDecimal("86"),
                        "SpO2 below 92 %", t0.plusSeconds(62), false, Map.of());
                send(producer, Topics.FINDINGS, "pat-fp", finding);
                send(producer, Topics.FINDINGS, "pat-fp", again);
                await().atMost(WAIT).until(restarted::isReady);
                await().atMost(WAIT).untilAsserted(() -> assertThat(restarted.alerts()).singleElement()
                        .satisfies(a -> assertThat(a.findingIds()).hasSize(2)));
                assertThat(notifications.values()).hasSize(3);
                assertThat(SMTP.getReceivedMessages()).hasSize(1);
                assertThat(webhook.received()).hasSize(1);
            }
        }
    }

    private static List<Resource> resources(AlertService service, String type) {
        return service.fhirServer().orElseThrow().store().all(type);
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key,
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }
}
