package org.rpmpipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.alert.AuditEvent;
import java.util.List;
import java.util.Optional;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.server.FhirServer;
import org.rpmpipeline.alerts.http.HttpApi;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;
import org.rpmpipeline.http.HttpSettings;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.embedded.FreePort;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.lifecycle.Findings;
import org.rpmpipeline.alerts.notify.WebhookReceiver;
import org.rpmpipeline.alerts.notify.WebhookSignature;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.MutableClock;

@Timeout(300)
class AlertServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() {
        producer.close();
        kafka.close();
    }

    @Test
    void readingBecomesAnObservationThatParsesWithHapi() throws Exception {
        try (AlertService service = service("obs");
                TopicReader<String> observations = new TopicReader<>(kafka.bootstrapServers(), Topics.OBSERVATIONS)) {
            service.start();
            Instant measured = Instant.parse("2026-03-15T08:30:00Z");
            Reading reading = new Reading(Schema.VERSION, Reading.idFor("ox-it", VitalType.SPO2, measured, null),
                    "pat-it-1", "ox-it", "hub-it", VitalType.SPO2, new BigDecimal("95"), "%", null, null, measured,
                    measured.plusSeconds(1), TimeSource.DEVICE, null, null);

            send(Topics.READINGS, reading.patientId(), reading);

            await().atMost(WAIT).untilAsserted(() -> assertThat(observations.records())
                    .anySatisfy(r -> assertThat(r.key()).isEqualTo(reading.readingId())));
            String json = observations.records().stream()
                    .filter(r -> r.key().equals(reading.readingId())).findFirst().orElseThrow().value();
            Observation observation = Fhir.context().newJsonParser().parseResource(Observation.class, json);
            assertThat(observation.getCode().getCoding()).anySatisfy(c -> {
                assertThat(c.getSystem()).isEqualTo("http://loinc.org");
                assertThat(c.getCode()).isEqualTo("59408-5");
            });
            assertThat(observation.getValueQuantity().getCode()).isEqualTo("%");
            assertThat(observation.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
            assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("95");
            assertThat(observation.getSubject().getReference()).isEqualTo("Patient/pat-it-1");
            assertThat(observation.getDevice().getReference()).isEqualTo("Device/ox-it");
            await().atMost(WAIT).untilAsserted(() -> assertThat(fhirSearch(service, "Observation?patient=pat-it-1")
                    .getEntry()).hasSize(1));
        }
    }

    @Test
    void sampledDataGroupSurvivesARestartAndIsEmittedWhenThePeriodCloses() throws Exception {
        Map<String, String> sampled = Map.of("rpm.alerts.fhir.sampled-data.spo2", "1m");
        // a minute in the future: the wall-clock flush must not emit the group while the test runs
        Instant t = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String key = "ox-sd.spo2." + t + "/PT1M";
        try (TopicReader<String> observations = new TopicReader<>(kafka.bootstrapServers(), Topics.OBSERVATIONS)) {
            try (AlertService first = service("sampled", sampled)) {
                first.start();
                send(Topics.READINGS, "pat-sd", sampledReading(VitalType.SPO2, t, "97"));
                send(Topics.READINGS, "pat-sd", sampledReading(VitalType.SPO2, t.plusSeconds(5), "96"));
                // same patient, same partition, after them: once it is out, both SpO2 readings were handled
                Reading heartRate = sampledReading(VitalType.HEART_RATE, t, "70");
                send(Topics.READINGS, "pat-sd", heartRate);
                await().atMost(WAIT).untilAsserted(() -> assertThat(observations.records())
                        .anySatisfy(r -> assertThat(r.key()).isEqualTo(heartRate.readingId())));
                assertThat(observations.records()).noneSatisfy(r -> assertThat(r.key()).isEqualTo(key));
            }
            try (AlertService second = service("sampled", sampled)) {
                second.start();
                send(Topics.READINGS, "pat-sd", sampledReading(VitalType.SPO2, t.plusSeconds(60), "95"));

                await().atMost(WAIT).untilAsserted(() -> assertThat(observations.records())
                        .anySatisfy(r -> assertThat(r.key()).isEqualTo(key)));
                String json = observations.records().stream().filter(r -> r.key().equals(key)).findFirst()
                        .orElseThrow().value();
                Observation observation = Fhir.context().newJsonParser().parseResource(Observation.class, json);
                assertThat(observation.getValueSampledData().getData()).startsWith("97 E E E E 96 E");
                await().atMost(WAIT).untilAsserted(() -> assertThat(fhirSearch(second,
                        "Observation?identifier=" + java.net.URLEncoder.encode("urn:rpm-pipeline:observation|" + key,
                        java.nio.charset.StandardCharsets.UTF_8)).getEntry()).hasSize(1));
            }
        }
    }

    private static Reading sampledReading(VitalType vital, Instant at, String value) {
        return new Reading(Schema.VERSION, Reading.idFor("ox-sd", vital, at, null), "pat-sd", "ox-sd", "hub-sd",
                vital, new BigDecimal(value), vital.unit(), null, null, at, at.plusMillis(200), TimeSource.DEVICE,
                null, null);
    }

    @Test
    void nothingIsLostWhileTheFhirServerIsDown(@TempDir Path dir) throws Exception {
        int fhirPort = FreePort.pick();
        URI fhirBase = URI.create("http://localhost:" + fhirPort + HttpApi.FHIR_PATH);
        Path token = dir.resolve("fhir-token");
        Files.writeString(token, "t-writer\n");
        try (AlertService service = service("fhir-down", Map.of(FhirSettings.BASE_URL, fhirBase.toString(),
                FhirSettings.TOKEN_FILE, token.toString(),
                FhirSettings.SERVER_ENABLED, "false", AlertConfig.RETRY_BACKOFF, "100ms",
                AlertConfig.RETRY_BACKOFF_MAX, "500ms"))) {
            service.start();
            Instant t0 = Instant.parse("2026-03-15T11:00:00Z");
            Finding finding = Findings.finding("pat-it-4", "spo2-low", Severity.HIGH, FindingStatus.ACTIVE, "88", t0,
                    false, Map.of());
            send(Topics.FINDINGS, finding.patientId(), finding);
            await().atMost(WAIT).until(() -> service.metrics().counter("rpm.alerts.fhir.failures", "kind",
                    "retriable").count() >= 2);

            FhirServer fhir = new FhirServer(Clock.systemUTC());
            ApiAccess writers = new ApiAccess(ApiTokens.of(Map.of("t-writer", new Principal("it", Role.ADMIN))),
                    false);
            try (HttpApi up = HttpApi.start(HttpSettings.loopback(fhirPort, AlertConfig.DEFAULT_MAX_REQUEST_BYTES),
                    Optional.empty(), writers, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    Optional.of(fhir.servlet()))) {
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(patientResources(fhir, "DetectedIssue", "pat-it-4")).hasSize(1);
                    assertThat(patientResources(fhir, "Communication", "pat-it-4")).hasSize(1);
                });
            }
        }
    }

    @Test
    void findingsOpenOneAlertAndNotifyOnceThenResolve() throws Exception {
        try (AlertService service = service("alerts");
                TopicReader<Alert> alerts = new TopicReader<>(kafka.bootstrapServers(), Topics.ALERTS);
                TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS)) {
            service.start();
            await().atMost(WAIT).until(service::isReady);
            assertThat(get(service, "/health/ready").statusCode()).isEqualTo(200);
            Instant t0 = Instant.parse("2026-03-15T09:00:00Z");
            Finding first = Findings.active("pat-it-2", "spo2-low", Severity.HIGH, "89", t0);
            Finding second = Findings.active("pat-it-2", "spo2-low", Severity.HIGH, "87", t0.plusSeconds(60));

            send(Topics.FINDINGS, first.patientId(), first);
            await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications.values(), "pat-it-2"))
                    .hasSize(1));
            send(Topics.FINDINGS, second.patientId(), second);
            await().atMost(WAIT).untilAsserted(() -> assertThat(alertsFor(alerts.values(), "pat-it-2"))
                    .last().satisfies(a -> assertThat(a.findingIds()).hasSize(2)));

            List<Alert> history = alertsFor(alerts.values(), "pat-it-2");
            assertThat(history).extracting(Alert::alertId).containsOnly(history.get(0).alertId());
            assertThat(history.get(history.size() - 1).peakValue()).isEqualByComparingTo("87");
            assertThat(forPatient(notifications.values(), "pat-it-2")).singleElement().satisfies(n -> {
                assertThat(n.alertId()).isEqualTo(history.get(0).alertId());
                assertThat(n.channel()).isEqualTo("console");
                assertThat(n.text()).doesNotContain("pat-it-2");
            });
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(fhirSearch(service, "DetectedIssue?patient=pat-it-2").getEntry()).hasSize(1);
                assertThat(fhirSearch(service, "Communication?patient=pat-it-2").getEntry()).hasSize(1);
            });
            String listed = get(service, "/alerts?patient=pat-it-2").body();
            Alert[] current = Json.mapper().readValue(listed, Alert[].class);
            assertThat(current).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.OPEN));

            send(Topics.FINDINGS, "pat-it-2", Findings.resolved("pat-it-2", "spo2-low", t0.plusSeconds(600)));
            await().atMost(WAIT).untilAsserted(() -> assertThat(alertsFor(alerts.values(), "pat-it-2"))
                    .last().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED)));
            assertThat(forPatient(notifications.values(), "pat-it-2")).hasSize(1);
            assertThat(get(service, "/metrics").body()).contains("rpm_alerts_findings_total")
                    // the Kafka clients' own metrics: the findings consumer's lag, the findings producer's sends
                    .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*"
                            + "client_id=\"[^\"]+-findings\"")
                    .containsPattern("kafka_producer_record_send_total\\{[^}]*"
                            + "client_id=\"[^\"]+-findings-producer\"[^}]*} [1-9]");
            assertThat(get(service, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void restartedServiceRestoresAlertsAndDoesNotNotifyAgain() throws Exception {
        Instant t0 = Instant.parse("2026-03-15T12:00:00Z");
        try (TopicReader<Alert> alerts = new TopicReader<>(kafka.bootstrapServers(), Topics.ALERTS);
                TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS)) {
            try (AlertService first = service("restart")) {
                first.start();
                Finding opening = Findings.active("pat-it-5", "spo2-low", Severity.HIGH, "89", t0);
                send(Topics.FINDINGS, opening.patientId(), opening);
                await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications.values(), "pat-it-5"))
                        .hasSize(1));
            }
            try (AlertService second = service("restart")) {
                second.start();
                await().atMost(WAIT).untilAsserted(() -> assertThat(second.alerts())
                        .anySatisfy(a -> assertThat(a.patientId()).isEqualTo("pat-it-5")));
                Finding next = Findings.active("pat-it-5", "spo2-low", Severity.HIGH, "86", t0.plusSeconds(60));
                send(Topics.FINDINGS, next.patientId(), next);

                await().atMost(WAIT).untilAsserted(() -> assertThat(alertsFor(alerts.values(), "pat-it-5"))
                        .last().satisfies(a -> assertThat(a.findingIds()).hasSize(2)));
                assertThat(alertsFor(alerts.values(), "pat-it-5")).extracting(Alert::alertId).containsOnly(
                        alertsFor(alerts.values(), "pat-it-5").get(0).alertId());
                assertThat(forPatient(notifications.values(), "pat-it-5")).hasSize(1);
            }
        }
    }

    @Test
    void clinicianAcknowledgesOverHttpAndEveryStepIsAudited(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "t-viewer viewer dashboard-1\nt-nurse clinician nurse-7\n");
        try (AlertService service = service("ack", Map.of(AlertConfig.API_TOKENS_FILE, tokens.toString()));
                TopicReader<Alert> alerts = new TopicReader<>(kafka.bootstrapServers(), Topics.ALERTS);
                TopicReader<AuditEvent> audit = new TopicReader<>(kafka.bootstrapServers(), Topics.AUDIT)) {
            service.start();
            Finding finding = Findings.active("pat-it-6", "spo2-low", Severity.HIGH, "88",
                    Instant.parse("2026-03-15T13:00:00Z"));
            send(Topics.FINDINGS, finding.patientId(), finding);
            await().atMost(WAIT).until(() -> !alertsFor(alerts.values(), "pat-it-6").isEmpty());
            String alertId = alertsFor(alerts.values(), "pat-it-6").get(0).alertId();

            assertThat(get(service, "/alerts").statusCode()).isEqualTo(401);
            assertThat(post(service, "/alerts/" + alertId + "/acknowledge", "t-viewer").statusCode()).isEqualTo(403);
            HttpResponse<String> one = request(service, "/alerts/" + alertId, "t-viewer");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(one.body()).path("alert").path("alertId").asText()).isEqualTo(alertId);
            assertThat(Json.mapper().readTree(one.body()).path("careTeam").asText()).isEqualTo("default");
            assertThat(Json.mapper().readValue(request(service, "/alerts?team=default&patient=pat-it-6", "t-viewer")
                    .body(), Alert[].class)).hasSize(1);
            assertThat(Json.mapper().readValue(request(service, "/alerts?team=elsewhere", "t-viewer").body(),
                    Alert[].class)).isEmpty();
            HttpResponse<String> acked = post(service, "/alerts/" + alertId + "/acknowledge", "t-nurse");
            assertThat(post(service, "/alerts/no-such-alert/acknowledge", "t-nurse").statusCode()).isEqualTo(404);

            assertThat(acked.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readValue(acked.body(), Alert.class).state()).isEqualTo(AlertState.ACKNOWLEDGED);
            await().atMost(WAIT).untilAsserted(() -> assertThat(alertsFor(alerts.values(), "pat-it-6")).last()
                    .satisfies(a -> {
                        assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED);
                        assertThat(a.actor()).isEqualTo("nurse-7");
                    }));
            await().atMost(WAIT).untilAsserted(() -> assertThat(audit.values().stream()
                    .filter(e -> alertId.equals(e.subjectId())).map(e -> e.actor() + ":" + e.action()).toList())
                    .contains("system:alert.opened", "dashboard-1:alert.read", "nurse-7:alert.acknowledged"));
            assertThat(get(service, "/fhir/DetectedIssue?patient=pat-it-6").statusCode()).isEqualTo(401);
            await().atMost(WAIT).untilAsserted(() -> assertThat(fhirSearch(service, "DetectedIssue?patient=pat-it-6",
                    "t-viewer").getEntry()).singleElement().satisfies(e -> assertThat(((DetectedIssue) e.getResource())
                            .getMitigationFirstRep().getAction().getText()).contains("nurse-7")));
            assertThat(post(service, "/alerts/" + alertId + "/resolve", "t-nurse").statusCode()).isEqualTo(200);
            assertThat(post(service, "/alerts/" + alertId + "/acknowledge", "t-nurse").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void unacknowledgedAlertIsEscalatedOnTheClockAndSnoozeHoldsNonCritical() throws Exception {
        Instant t0 = Instant.parse("2026-03-15T14:00:00Z");
        MutableClock clock = new MutableClock(t0);
        Map<String, String> settings = new HashMap<>(Map.of(
                AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), AlertConfig.GROUP_ID, "it-escalation",
                AlertConfig.HTTP_PORT, "0", EscalationSettings.REMIND_AFTER, "10m",
                EscalationSettings.ESCALATE_AFTER, "10m"));
        try (AlertService service = new AlertService(AlertConfig.from(Settings.of(settings)), clock);
                TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS)) {
            service.start();
            Finding finding = Findings.active("pat-it-7", "spo2-low", Severity.HIGH, "89", t0);
            send(Topics.FINDINGS, finding.patientId(), finding);
            await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications.values(), "pat-it-7"))
                    .hasSize(1));

            clock.advance(Duration.ofMinutes(10));
            service.checkEscalations();

            await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(notifications.values(), "pat-it-7"))
                    .extracting(Notification::text).hasSize(2).last().asString().startsWith("reminder"));

            String alertId = forPatient(notifications.values(), "pat-it-7").get(0).alertId();
            assertThat(post(service, "/alerts/" + alertId + "/snooze?for=2h", null).statusCode())
                    .as("without tokens configured nobody may snooze").isEqualTo(401);
            assertThat(post(service, "/alerts/" + alertId + "/snooze?for=2h", "guessed").statusCode())
                    .as("an unknown token is nobody").isEqualTo(401);
        }
    }

    @Test
    void findingIsSentAsOneSignedWebhookAndFailuresAreDeadLettered(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "it-webhook-secret-0123456789");
        WebhookSignature signature = new WebhookSignature("it-webhook-secret-0123456789".getBytes());
        try (WebhookReceiver good = new WebhookReceiver(1);
                WebhookReceiver broken = new WebhookReceiver(1000);
                TopicReader<Notification> dead = new TopicReader<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS_DEAD_LETTER)) {
            for (WebhookReceiver receiver : List.of(good, broken)) {
                String name = receiver == good ? "webhook-good" : "webhook-broken";
                String patient = receiver == good ? "pat-it-8" : "pat-it-9";
                try (AlertService service = service(name, Map.of(AlertConfig.CHANNELS, "console,webhook",
                        WebhookSettings.URL, receiver.url().toString(), WebhookSettings.SECRET_FILE,
                        secret.toString(), WebhookSettings.BACKOFF, "20ms", WebhookSettings.MAX_ATTEMPTS, "3"))) {
                    service.start();
                    Finding finding = Findings.active(patient, "hr-high", Severity.HIGH, "131",
                            Instant.parse("2026-03-15T15:00:00Z"));
                    send(Topics.FINDINGS, patient, finding);
                    if (receiver == good) {
                        await().atMost(WAIT).untilAsserted(() -> assertThat(good.received().stream()
                                .filter(r -> r.body().contains("hr-high")).toList()).hasSize(1));
                    } else {
                        await().atMost(WAIT).untilAsserted(() -> assertThat(forPatient(dead.values(), patient))
                                .singleElement().satisfies(n -> assertThat(n.channel()).isEqualTo("webhook")));
                    }
                }
            }
            WebhookReceiver.Received received = good.received().stream().filter(r -> r.body().contains("hr-high"))
                    .findFirst().orElseThrow();
            assertThat(signature.verify(Long.parseLong(received.timestamp()), received.body(), received.signature(),
                    Instant.now(), Duration.ofMinutes(5))).isTrue();
            assertThat(received.body()).doesNotContain("pat-it-8");
            assertThat(good.calls()).as("first attempt refused, second accepted").isEqualTo(2);
        }
    }

    @Test
    void twoInstancesAndABurstOfFindingsForOnePatientNotifyOnce() throws Exception {
        Instant t0 = Instant.parse("2026-03-15T16:00:00Z");
        try (AlertService one = service("pair");
                AlertService two = service("pair");
                TopicReader<Alert> alerts = new TopicReader<>(kafka.bootstrapServers(), Topics.ALERTS);
                TopicReader<Notification> notifications = new TopicReader<>(kafka.bootstrapServers(),
                        Topics.NOTIFICATIONS)) {
            one.start();
            two.start();
            await().atMost(WAIT).until(() -> one.isReady() && two.isReady());
            for (int i = 0; i < 20; i++) {
                Finding finding = Findings.active("pat-it-10", "rr-high", Severity.HIGH, Integer.toString(25 + i),
                        t0.plusMillis(i));
                producer.send(new ProducerRecord<>(Topics.FINDINGS.name(), finding.patientId(),
                        Topics.FINDINGS.valueSerde().serializer().serialize(Topics.FINDINGS.name(), finding)));
            }
            producer.flush();

            await().atMost(WAIT).untilAsserted(() -> assertThat(alertsFor(alerts.values(), "pat-it-10")).last()
                    .satisfies(a -> assertThat(a.findingIds()).hasSize(20)));
            assertThat(alertsFor(alerts.values(), "pat-it-10")).extracting(Alert::alertId).containsOnly(
                    alertsFor(alerts.values(), "pat-it-10").get(0).alertId());
            assertThat(forPatient(notifications.values(), "pat-it-10")).hasSize(1);
        }
    }

    @Test
    void undecodableFindingIsSkippedAndTheLoopKeepsGoing() throws Exception {
        try (AlertService service = service("poison");
                TopicReader<Alert> alerts = new TopicReader<>(kafka.bootstrapServers(), Topics.ALERTS)) {
            service.start();
            producer.send(new ProducerRecord<>(Topics.FINDINGS.name(), "pat-it-3", "{not json".getBytes())).get();
            Finding finding = Findings.active("pat-it-3", "hr-high", Severity.HIGH, "131",
                    Instant.parse("2026-03-15T10:00:00Z"));
            send(Topics.FINDINGS, finding.patientId(), finding);

            await().atMost(WAIT).untilAsserted(() -> assertThat(alertsFor(alerts.values(), "pat-it-3")).hasSize(1));
            assertThat(service.metrics().counter("rpm.alerts.records.undecodable", "topic", "rpm.findings").count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    private AlertService service(String name) {
        return service(name, Map.of());
    }

    private AlertService service(String name, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                AlertConfig.GROUP_ID, "it-" + name,
                AlertConfig.HTTP_PORT, "0"));
        if (!extra.containsKey(AlertConfig.API_TOKENS_FILE)) {
            // these tests read /fhir without a token, as the demo does
            settings.put(AlertConfig.ANONYMOUS_READ, "true");
        }
        settings.putAll(extra);
        return new AlertService(AlertConfig.from(Settings.of(settings)), Clock.systemUTC());
    }

    private Bundle fhirSearch(AlertService service, String query) throws Exception {
        return Fhir.context().newJsonParser().parseResource(Bundle.class, get(service, "/fhir/" + query).body());
    }

    private Bundle fhirSearch(AlertService service, String query, String token) throws Exception {
        return Fhir.context().newJsonParser().parseResource(Bundle.class,
                request(service, "/fhir/" + query, token).body());
    }

    private static List<Resource> patientResources(FhirServer fhir, String type, String patient) {
        return fhir.store().all(type).stream().filter(r -> Fhir.toJson(r).contains("Patient/" + patient)).toList();
    }

    private HttpResponse<String> get(AlertService service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(AlertService service, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort()
                + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> request(AlertService service, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(),
                value))).get();
    }

    private static List<Alert> alertsFor(List<Alert> alerts, String patient) {
        return alerts.stream().filter(a -> a.patientId().equals(patient)).toList();
    }

    private static List<Notification> forPatient(List<Notification> notifications, String patient) {
        return notifications.stream().filter(n -> patient.equals(n.patientId())).toList();
    }
}
