package org.rpmpipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.lifecycle.Findings;
import org.rpmpipeline.alerts.notify.WebhookReceiver;
import org.rpmpipeline.alerts.notify.WebhookSignature;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.FreePort;

/**
 * The alert service killed with SIGKILL between its deliveries and its commit, as its own process. Two findings
 * of one patient, in one partition, each open an alert notified by console, email and webhook. The webhook
 * receiver keeps the second alert's POST unanswered, so the service is stuck inside its batch: five deliveries
 * made and recorded, one in flight, the transaction with the alerts, the notification records and the offsets
 * open. Then the process is killed and started again. It reads the same findings again and must deliver only the
 * one that was in flight, with the same {@code webhook-id}.
 */
@Timeout(300)
class NotificationCrashIT {
    /** Restarts wait for the dead member's session to expire and its open transaction to be aborted. */
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final String SECRET = "crash-test-webhook-secret";
    private static final Pattern CONSOLE_LINE = Pattern.compile("ALERT \\[alert: [^,]+, severity: [^,]+, "
            + "recipient: [^,]+, notification: ([0-9a-f-]+)]");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKillBetweenDeliveriesAndCommitRepeatsOnlyTheDeliveryInFlight(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("webhook-secret"), SECRET);
        Instant t0 = Instant.parse("2026-03-15T08:30:00Z");
        Finding first = Findings.active("pat-crash", "spo2-low", Severity.HIGH, "87", t0);
        Finding second = Findings.active("pat-crash", "hr-high", Severity.HIGH, "135", t0);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                WebhookReceiver webhook = new WebhookReceiver(0).holdFirst(body -> body.contains("hr-high"));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS)) {
            // both before the service starts: one partition, one poll, one batch and one transaction
            send(producer, first);
            send(producer, second);
            int httpPort = FreePort.pick();
            Map<String, String> environment = environment(kafka, webhook, secret, httpPort);

            try (AlertProcess crashed = AlertProcess.start(environment, dir.resolve("first.log"))) {
                await().atMost(WAIT).until(() -> webhook.holding() || !crashed.isAlive());
                assertThat(webhook.holding()).as(crashed.output()).isTrue();
                crashed.kill();
            }
            String firstRun = Files.readString(dir.resolve("first.log"));
            assertThat(consoleIds(firstRun)).as("both console lines went out before the kill").hasSize(2);
            assertThat(SMTP.getReceivedMessages()).as("both emails went out before the kill").hasSize(2);
            assertThat(webhook.received()).as("the first webhook, and the second one held").hasSize(2);
            webhook.release();

            try (AlertProcess restarted = AlertProcess.start(environment, dir.resolve("second.log"))) {
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(restarted.isAlive()).as(restarted.output()).isTrue();
                    assertThat(notifications.records()).hasSize(6);
                });
                String secondRun = restarted.output();
                double skipped = repeatsSkipped(httpPort);

                // what each receiver got: only the delivery in flight at the kill came twice, with the same id
                Map<String, Long> webhookIds = webhook.received().stream().collect(
                        Collectors.groupingBy(WebhookReceiver.Received::webhookId, Collectors.counting()));
                assertThat(webhookIds.values()).containsExactlyInAnyOrder(1L, 2L);
                String repeatedId = webhookIds.entrySet().stream().filter(e -> e.getValue() == 2).findFirst()
                        .orElseThrow().getKey();
                List<WebhookReceiver.Received> repeats = webhook.received().stream()
                        .filter(r -> r.webhookId().equals(repeatedId)).toList();
                assertThat(repeats).allSatisfy(r -> {
                    assertThat(r.body()).contains("hr-high");
                    assertThat(r.notificationId()).isEqualTo(repeatedId);
                    assertThat(new WebhookSignature(SECRET.getBytes(StandardCharsets.UTF_8)).verifyStandard(
                            r.webhookId(), Long.parseLong(r.webhookTimestamp()), r.body(), r.webhookSignature(),
                            Instant.now(), Duration.ofMinutes(10))).isTrue();
                });
                assertThat(SMTP.getReceivedMessages()).as("no email again").hasSize(2);
                assertThat(consoleIds(secondRun)).as("no console line again").isEmpty();
                // the first alert's three and the second alert's console and email, found in the delivery log
                // (more if the restarted service had to retry the batch: each attempt finds them again)
                assertThat(skipped).as("deliveries found in the log and not made again").isGreaterThanOrEqualTo(5);

                // what Kafka holds (read_committed): each notification once, and the ids the receivers saw
                List<Notification> committed = notifications.values();
                Map<String, Notification> byId = committed.stream()
                        .collect(Collectors.toMap(Notification::notificationId, Function.identity()));
                assertThat(byId).hasSize(6);
                assertThat(byId.values()).extracting(Notification::channel)
                        .containsOnly("console", "email", "webhook");
                assertThat(byId.keySet()).containsAll(webhookIds.keySet()).containsAll(consoleIds(firstRun));
                List<String> messageIds = new ArrayList<>();
                for (MimeMessage message : SMTP.getReceivedMessages()) {
                    messageIds.add(message.getMessageID());
                }
                assertThat(messageIds).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches(
                        "<[0-9a-f-]+@example\\.org>"));
                assertThat(byId.keySet()).containsAll(messageIds.stream()
                        .map(id -> id.substring(1, id.indexOf('@'))).toList());
            }
        }
    }

    private static Map<String, String> environment(EmbeddedKafka kafka, WebhookReceiver webhook, Path secret,
            int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("RPM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("RPM_ALERTS_GROUP_ID", "crash-it");
        env.put("RPM_ALERTS_HTTP_PORT", Integer.toString(httpPort));
        env.put("RPM_ALERTS_FHIR_SERVER_ENABLED", "false");
        env.put("RPM_ALERTS_CHANNELS", "console,email,webhook");
        env.put("RPM_ALERTS_DEFAULT_RECIPIENT", "nurse@ward.example");
        env.put("RPM_ALERTS_ESCALATION_ENABLED", "false");
        env.put("RPM_ALERTS_WEBHOOK_URL", webhook.url().toString());
        env.put("RPM_ALERTS_WEBHOOK_SECRET_FILE", secret.toString());
        // the held POST must stay in flight until the kill, not time out and move on
        env.put("RPM_ALERTS_WEBHOOK_TIMEOUT", "10m");
        env.put("RPM_ALERTS_SMTP_HOST", "127.0.0.1");
        env.put("RPM_ALERTS_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()));
        env.put("RPM_ALERTS_SMTP_FROM", "rpm@example.org");
        // shorter than the defaults (45 s, 60 s) so the restart does not wait that long for the dead member to
        // leave the group and for its open transaction to be aborted; the outcome is the same
        env.put("RPM_KAFKA_PROPERTY_SESSION_TIMEOUT_MS", "10000");
        env.put("RPM_KAFKA_PROPERTY_TRANSACTION_TIMEOUT_MS", "10000");
        return env;
    }

    private static List<String> consoleIds(String output) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = CONSOLE_LINE.matcher(output);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** {@code rpm_alerts_notifications_repeats_skipped_total}, summed over channels, from the service's metrics. */
    private double repeatsSkipped(int httpPort) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("rpm_alerts_notifications_repeats_skipped_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void send(KafkaProducer<String, byte[]> producer, Finding finding) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FINDINGS.name(), finding.patientId(),
                Topics.FINDINGS.valueSerde().serializer().serialize(Topics.FINDINGS.name(), finding))).get();
    }
}
