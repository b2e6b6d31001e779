package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;

/**
 * NEWS2 with all seven parameters through the whole pipeline: JSON over MQTT from a hub app (the five vitals, the
 * ACVPU level and the oxygen flow), the gateway, the stream processor (scale 1 and 2, on air and on oxygen, each
 * ACVPU level), the alert service (the alert shows the current score; notified again only when the severity
 * rises), on real in-JVM brokers.
 */
@Timeout(300)
class News2EndToEndIT {
    private static final List<String> PATIENTS = List.of("n2-acvpu-c", "n2-acvpu-v", "n2-acvpu-p", "n2-acvpu-u",
            "n2-alert-oxygen", "n2-scale2-oxygen", "n2-scale2-air", "n2-burst-1", "n2-burst-2", "n2-burst-3",
            "n2-open");
    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = EmbeddedStack.start(EmbeddedStack.Options.freePorts(),
                PATIENTS.stream().map(p -> DeviceBinding.of("app-" + p, "patient-" + p)).toList(),
                Duration.ofSeconds(150));
        // two COPD patients on NEWS2 SpO2 scale 2, written by a clinician's tool before their readings
        try (KafkaProducer<String, PatientThresholds> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                Topics.PATIENT_THRESHOLDS.keySerde().serializer(),
                Topics.PATIENT_THRESHOLDS.valueSerde().serializer())) {
            for (String patient : List.of("patient-n2-scale2-oxygen", "patient-n2-scale2-air")) {
                producer.send(new ProducerRecord<>(Topics.PATIENT_THRESHOLDS.name(), patient,
                        new PatientThresholds(Schema.VERSION, patient, 1, Instant.now().minus(Duration.ofHours(1)), 2,
                                null, "clinician-1", "hypercapnic respiratory failure, target 88-92 %", null))).get();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> stack.processor()
                .patientSettings("patient-n2-scale2-oxygen").isPresent()
                && stack.processor().patientSettings("patient-n2-scale2-air").isPresent());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The seven parameters as one hub message: RR, SpO2, oxygen flow, BP, pulse, ACVPU, temperature. */
    private static List<String> set(String rr, String spo2, String flow, String systolic, String pulse, String acvpu,
            String temperature, Instant at) {
        return List.of(item("respiratory-rate", rr, "/min", at), item("spo2", spo2, "%", at),
                item("oxygen-flow", flow, "L/min", at),
                "{\"vital\":\"blood-pressure\",\"measuredAt\":\"" + at + "\",\"components\":["
                        + "{\"vital\":\"systolic-bp\",\"value\":" + systolic + ",\"unit\":\"mm[Hg]\"},{\"vital\":\"diastolic-bp\",\"value\":80,"
                        + "\"unit\":\"mm[Hg]\"}]}",
                item("heart-rate", pulse, "/min", at), item("consciousness", acvpu, "{ACVPU}", at),
                item("body-temperature", temperature, "Cel", at));
    }

    private static String item(String vital, String value, String unit, Instant at) {
        return "{\"vital\":\"" + vital + "\",\"value\":" + value + ",\"unit\":\"" + unit + "\",\"measuredAt\":\"" + at
                + "\"}";
    }

    @Test
    void everyAcvpuLevelBothScalesOnAirAndOnOxygenGiveTheChartsScoreFromAllSevenParameters() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // new confusion, voice, pain, unresponsive with normal vitals on air: 3 (a single-parameter red score)
        Map<String, String> levels = Map.of("n2-acvpu-c", "1", "n2-acvpu-v", "2", "n2-acvpu-p", "3", "n2-acvpu-u", "4");
        levels.forEach((p, level) -> publish(p, set("16", "97", "0", "125", "72", level, "37.0", at)));
        // alert, scale 1, on oxygen: RR 22 (2) + SpO2 94 (1) + oxygen (2) = 5
        publish("n2-alert-oxygen", set("22", "94", "2", "125", "72", "0", "37.0", at));
        // scale 2 on oxygen: SpO2 97 (3) + oxygen (2) = 5
        publish("n2-scale2-oxygen", set("16", "97", "2", "125", "72", "0", "37.0", at));
        // scale 2 on air: SpO2 86 (1) + RR 26 (3) = 4 with a red score
        publish("n2-scale2-air", set("26", "86", "0", "125", "72", "0", "37.0", at));

        Map<String, Alert> alerts = awaitNews2Alerts(List.of("n2-acvpu-c", "n2-acvpu-v", "n2-acvpu-p", "n2-acvpu-u",
                "n2-alert-oxygen", "n2-scale2-oxygen", "n2-scale2-air"), "all 7 parameters");

        for (String p : levels.keySet()) {
            assertThat(alerts.get(p).severity()).as(p).isEqualTo(Severity.MODERATE);
            assertThat(alerts.get(p).summary()).as(p).startsWith("NEWS2 early warning score: aggregate 3 (");
        }
        assertThat(alerts.get("n2-alert-oxygen").severity()).isEqualTo(Severity.HIGH);
        assertThat(alerts.get("n2-alert-oxygen").summary()).contains("aggregate 5 (key threshold");
        assertThat(alerts.get("n2-scale2-oxygen").severity()).isEqualTo(Severity.HIGH);
        assertThat(alerts.get("n2-scale2-oxygen").summary()).contains("aggregate 5 (");
        assertThat(alerts.get("n2-scale2-air").severity()).isEqualTo(Severity.MODERATE);
        assertThat(alerts.get("n2-scale2-air").summary()).contains("aggregate 4 (");

        Map<String, Finding> last = lastNews2Findings(List.of("n2-acvpu-u", "n2-alert-oxygen", "n2-scale2-oxygen",
                "n2-scale2-air"));
        assertThat(last.get("n2-acvpu-u").details()).containsEntry("score.consciousness", "3")
                .containsEntry("parameters", "7 of 7").containsEntry("lowerBound", "false");
        assertThat(last.get("n2-alert-oxygen").details()).containsEntry("score.consciousness", "0")
                .containsEntry("score.air-or-oxygen", "2").containsEntry("oxygen", "oxygen")
                .containsEntry("scale", "1");
        assertThat(last.get("n2-scale2-oxygen").details()).containsEntry("scale", "2")
                .containsEntry("score.spo2", "3").containsEntry("score.air-or-oxygen", "2")
                .containsEntry("overrideVersion", "1");
        assertThat(last.get("n2-scale2-air").details()).containsEntry("scale", "2").containsEntry("score.spo2", "1")
                .containsEntry("score.air-or-oxygen", "0").containsEntry("score.respiratory-rate", "3");
    }

    @Test
    void aBurstGivesTheSameAlertInEveryArrivalOrder() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> readings = new ArrayList<>();
        // RR 23 (2), SpO2 93 (2), oxygen (2), SBP 98 (2), pulse 118 (2), alert (0), 38.4 (1): 11, each 5 s apart
        List<String> values = set("23", "93", "2", "98", "118", "0", "38.4", at);
        for (int i = 0; i < values.size(); i++) {
            readings.add(values.get(i).replace("\"" + at + "\"", "\"" + at.minusSeconds(30 - 5L * i) + "\""));
        }
        List<String> reversed = new ArrayList<>(readings);
        Collections.reverse(reversed);
        List<String> shuffled = new ArrayList<>(readings);
        Collections.shuffle(shuffled, new Random(11));
        publish("n2-burst-1", readings);
        publish("n2-burst-2", reversed);
        publish("n2-burst-3", shuffled);

        Map<String, Alert> alerts = awaitNews2Alerts(List.of("n2-burst-1", "n2-burst-2", "n2-burst-3"),
                "all 7 parameters");

        assertThat(alerts.values()).extracting(Alert::summary).containsOnly(alerts.get("n2-burst-1").summary());
        assertThat(alerts.values()).extracting(Alert::severity).containsOnly(Severity.CRITICAL);
        assertThat(alerts.values()).allSatisfy(a -> assertThat(a.peakValue()).isEqualByComparingTo("11"));
        assertThat(alerts.get("n2-burst-1").summary()).startsWith("NEWS2 early warning score: aggregate 11 (");
    }

    @Test
    void eachStepOfAnEscalationAtOneMeasurementTimeReachesTheAlertNotifyingOnlyWhenTheLevelRises() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // pulse 135: red score (moderate, notified)
        publish("n2-open", List.of(item("heart-rate", "135", "/min", at)));
        Alert opened = awaitNews2Alerts(List.of("n2-open"), "aggregate 3").get("n2-open");
        // SpO2 93 (2): aggregate 5, urgent (high, notified again)
        publish("n2-open", List.of(item("spo2", "93", "%", at)));
        awaitNews2Alerts(List.of("n2-open"), "aggregate 5");
        // temperature 38.5 (1): aggregate 6, still urgent: the alert shows 6, nobody is paged again
        publish("n2-open", List.of(item("body-temperature", "38.5", "Cel", at)));
        Alert updated = awaitNews2Alerts(List.of("n2-open"), "aggregate 6").get("n2-open");

        assertThat(updated.alertId()).isEqualTo(opened.alertId());
        assertThat(updated.severity()).isEqualTo(Severity.HIGH);
        assertThat(updated.findingIds()).hasSize(3).doesNotHaveDuplicates();
        assertThat(updated.summary()).contains("from 3 of 7 parameters, a lower bound");
        List<Notification> notifications = new CopyOnWriteArrayList<>();
        try (TopicReader<Notification> reader = new TopicReader<>(Topics.NOTIFICATIONS)) {
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                reader.pollInto(notifications);
                assertThat(notifications.stream().filter(n -> n.alertId().equals(opened.alertId())))
                        .extracting(Notification::severity).containsExactly(Severity.MODERATE, Severity.HIGH);
            });
        }
    }

    /** Waits until each patient's NEWS2 alert summary contains {@code text}; returns the alerts by short name. */
    private static Map<String, Alert> awaitNews2Alerts(List<String> patients, String text) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (String p : patients) {
                assertThat(news2Alert(p)).as(p).hasValueSatisfying(a -> assertThat(a.summary()).contains(text));
            }
        });
        return patients.stream().collect(Collectors.toMap(p -> p, p -> news2Alert(p).orElseThrow()));
    }

    private static Optional<Alert> news2Alert(String patient) {
        return stack.alerts().alerts().stream()
                .filter(a -> a.patientId().equals("patient-" + patient) && a.ruleId().equals("news2")).findFirst();
    }

    /** The last NEWS2 finding of each patient, once each has one scored from all seven parameters. */
    private static Map<String, Finding> lastNews2Findings(List<String> patients) {
        List<Finding> findings = new ArrayList<>();
        try (TopicReader<Finding> reader = new TopicReader<>(Topics.FINDINGS)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                reader.pollInto(findings);
                for (String p : patients) {
                    assertThat(findings).as(p).anySatisfy(f -> {
                        assertThat(f.patientId()).isEqualTo("patient-" + p);
                        assertThat(f.details()).containsEntry("parameters", "7 of 7");
                    });
                }
            });
        }
        return findings.stream().filter(f -> f.ruleId().equals("news2"))
                .collect(Collectors.toMap(f -> f.patientId().substring("patient-".length()), f -> f, (a, b) -> b));
    }

    private static void publish(String patient, List<String> items) {
        String device = "app-" + patient;
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("n2-" + device).serverHost("127.0.0.1")
                .serverPort(stack.mqttPort()).buildBlocking();
        client.connect();
        try {
            client.publishWith().topic(MqttTopics.vitals(device)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("[" + String.join(",", items) + "]").getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            client.disconnect();
        }
    }

    /** Reads one topic from the beginning, committed records only. */
    private static final class TopicReader<V> implements AutoCloseable {
        private final Topic<String, V> topic;
        private final KafkaConsumer<String, byte[]> consumer;

        TopicReader(Topic<String, V> topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void pollInto(List<V> sink) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> sink.add(
                    topic.valueSerde().deserializer().deserialize(topic.name(), record.value())));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
