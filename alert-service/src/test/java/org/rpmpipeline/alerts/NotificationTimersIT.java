package org.rpmpipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.lifecycle.Findings;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.MutableClock;

/** Snoozes and escalation progress live on {@code rpm.alert-timers}: a restarted service keeps both. */
@Timeout(300)
class NotificationTimersIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() {
        producer.close();
        kafka.close();
    }

    @Test
    void snoozeSurvivesARestartAndStillLetsCriticalThrough(@TempDir Path dir) throws Exception {
        Instant t0 = Instant.parse("2026-03-16T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "t-nurse clinician nurse-7\n");
        Map<String, String> settings = settings("it-timers-snooze", Map.of(AlertConfig.API_TOKENS_FILE,
                tokens.toString(), EscalationSettings.ENABLED, "false"));
        try (TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                Topics.NOTIFICATIONS)) {
            try (AlertService first = new AlertService(AlertConfig.from(Settings.of(settings)), clock)) {
                first.start();
                send(Findings.active("pat-tm-1", "spo2-low", Severity.MODERATE, "93", t0));
                await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications, "pat-tm-1"))
                        .hasSize(1));
                String alertId = forPatient(notifications, "pat-tm-1").get(0).alertId();
                assertThat(post(first, "/alerts/" + alertId + "/snooze?for=2h", "t-nurse").statusCode())
                        .isEqualTo(200);
            }
            clock.advance(Duration.ofMinutes(30));
            try (AlertService second = new AlertService(AlertConfig.from(Settings.of(settings)), clock)) {
                second.start();
                await().atMost(WAIT).until(() -> second.alerts().stream()
                        .anyMatch(a -> a.patientId().equals("pat-tm-1")));
                send(Findings.active("pat-tm-1", "spo2-low", Severity.HIGH, "90", t0.plusSeconds(60)));
                send(Findings.active("pat-tm-1", "spo2-low", Severity.CRITICAL, "84", t0.plusSeconds(120)));

                // findings of one patient run in order: once the critical one notified, the high one was handled
                await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications, "pat-tm-1"))
                        .extracting(Notification::severity).containsExactly(Severity.MODERATE, Severity.CRITICAL));
                assertThat(second.metrics().counter("rpm.alerts.notifications.held", "reason", "severity_raised")
                        .count()).as("the raise to high was held by the restored snooze").isEqualTo(1.0);
            }
        }
    }

    @Test
    void escalationDueWhileDownHappensOnceAfterRestartAndDoneStepsAreNotRepeated(@TempDir Path dir)
            throws Exception {
        Instant t0 = Instant.parse("2026-03-16T09:00:00Z");
        MutableClock clock = new MutableClock(t0);
        Path teams = dir.resolve("teams.json");
        Files.writeString(teams, """
                {"default": "ward", "teams": {"ward": {"tiers": [
                  {"recipients": ["nurse-desk"]}, {"recipients": ["on-call-gp"]}]}}}
                """);
        Map<String, String> settings = settings("it-timers-escalation", Map.of(AlertConfig.CARE_TEAMS_FILE,
                teams.toString(), EscalationSettings.REMIND_AFTER, "10m", EscalationSettings.ESCALATE_AFTER, "10m",
                EscalationSettings.CHECK_INTERVAL, "1h"));
        try (TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                Topics.NOTIFICATIONS)) {
            try (AlertService first = new AlertService(AlertConfig.from(Settings.of(settings)), clock)) {
                first.start();
                send(Findings.active("pat-tm-2", "spo2-low", Severity.HIGH, "89", t0));
                await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications, "pat-tm-2"))
                        .hasSize(1));
                clock.advance(Duration.ofMinutes(10));
                first.checkEscalations();
                await().atMost(WAIT).untilAsserted(() -> assertThat(texts(notifications, "pat-tm-2"))
                        .hasSize(2).last().asString().startsWith("reminder"));
            }
            String alertId = forPatient(notifications, "pat-tm-2").get(0).alertId();
            clock.advance(Duration.ofMinutes(10)); // the escalation to the second tier comes due while down
            try (AlertService second = new AlertService(AlertConfig.from(Settings.of(settings)), clock)) {
                second.start();
                await().atMost(WAIT).until(() -> second.alerts().stream()
                        .anyMatch(a -> a.patientId().equals("pat-tm-2")));
                second.checkEscalations();
                second.checkEscalations();
                clock.advance(Duration.ofMinutes(5));
                second.checkEscalations();

                await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications, "pat-tm-2"))
                        .hasSize(3).last().satisfies(n -> {
                            assertThat(n.recipient()).isEqualTo("on-call-gp");
                            assertThat(n.text()).startsWith("escalated");
                        }));
                // every check returned after its records were acknowledged: nothing more is on its way
                assertThat(notifications.valuesToEnd().stream().filter(n -> "pat-tm-2".equals(n.patientId()))
                        .map(n -> n.recipient() + ": " + n.text().split(",")[0]).toList())
                        .as("the reminder is not repeated, the escalation sent once").containsExactly(
                                "nurse-desk: HIGH spo2-low: SpO2 below 92 % (alert " + alertId + ")",
                                "nurse-desk: reminder", "on-call-gp: escalated");
            }
        }
    }

    private Map<String, String> settings(String group, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                AlertConfig.GROUP_ID, group, AlertConfig.HTTP_PORT, "0"));
        settings.putAll(extra);
        return settings;
    }

    private HttpResponse<String> post(AlertService service, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void send(Finding finding) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FINDINGS.name(), finding.patientId(),
                Topics.FINDINGS.valueSerde().serializer().serialize(Topics.FINDINGS.name(), finding))).get();
    }

    private static List<Notification> forPatient(TopicReader<Notification> reader, String patient) {
        return reader.values().stream().filter(n -> patient.equals(n.patientId())).toList();
    }

    private static List<String> texts(TopicReader<Notification> reader, String patient) {
        return forPatient(reader, patient).stream().map(Notification::text).toList();
    }
}
