package org.rpmpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;

@Timeout(300)
class ProcessorIT {
    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void readingOnReadingsYieldsFindingOnFindingsAndHealthEndpointsAnswer() throws Exception {
        String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
        ProcessorConfig config = config("it-" + patient);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        try (Processor processor = Processor.create(config);
                KafkaProducer<String, Reading> producer = producer();
                KafkaConsumer<String, Finding> consumer = consumer()) {
            processor.start();
            await().atMost(Duration.ofSeconds(120)).until(processor::isReady);
            assertThat(get(processor, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(processor, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(processor, "/metrics").body()).contains("kafka_stream");

            Reading low = Readings.of(patient, "dev-it", VitalType.SPO2, "86", at);
            Reading normal = Readings.of(patient, "dev-it", VitalType.SPO2, "97", at.plusSeconds(60));
            producer.send(new ProducerRecord<>(Topics.READINGS.name(), patient, low)).get();
            producer.send(new ProducerRecord<>(Topics.READINGS.name(), patient, normal)).get();

            consumer.subscribe(List.of(Topics.FINDINGS.name()));
            List<Finding> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (patient.equals(r.key())) {
                        seen.add(r.value());
                    }
                });
                assertThat(seen).extracting(Finding::ruleId, Finding::status).containsExactly(
                        tuple("spo2-low", FindingStatus.ACTIVE), tuple("news2", FindingStatus.ACTIVE),
                        tuple("spo2-low", FindingStatus.RESOLVED), tuple("news2", FindingStatus.RESOLVED));
                assertThat(seen.get(0).severity()).isEqualTo(Severity.CRITICAL);
                assertThat(seen.get(0).evidence().get(0).readingId()).isEqualTo(low.readingId());
            });
        }
    }

    @Test
    void closeReleasesTheHttpPortAndIsIdempotent() throws Exception {
        Processor processor = Processor.create(config("it-close-" + UUID.randomUUID()));
        processor.start();
        int port = processor.httpPort();
        assertThat(port).isPositive();

        processor.close();
        processor.close();

        assertThat(processor.isReady()).isFalse();
        try (java.net.ServerSocket reuse = new java.net.ServerSocket(port)) {
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
    }

    private ProcessorConfig config(String applicationId) {
        return ProcessorConfig.from(Settings.of(Map.of(
                ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                ProcessorConfig.APPLICATION_ID, applicationId,
                ProcessorConfig.STATE_DIR, stateDir.toString(),
                ProcessorConfig.HTTP_PORT, "0")));
    }

    private static HttpResponse<String> get(Processor processor, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + processor.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaProducer<String, Reading> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());
    }

    private static KafkaConsumer<String, Finding> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.FINDINGS.keySerde().deserializer(), Topics.FINDINGS.valueSerde().deserializer());
    }
}
