package org.rpmpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * Exactly-once across a restart of the processor (same application id and state directory) and across a restart
 * of the broker under a running processor: every expected finding arrives exactly once, none is missing. Each
 * low/normal pair of SpO2 readings yields four findings: spo2-low and news2, each ACTIVE then RESOLVED.
 */
@Timeout(600)
class ExactlyOnceRestartIT {
    private static final int PATIENTS = 20;
    private static final int PAIRS = 6;

    @TempDir
    Path stateDir;

    @Test
    void restartMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, Reading> producer = readingsProducer(kafka);
                KafkaConsumer<String, Finding> consumer = committedFindings(kafka, "eos-it")) {
            ProcessorConfig config = ProcessorConfig.from(Settings.of(Map.of(
                    ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    ProcessorConfig.APPLICATION_ID, "eos-it",
                    ProcessorConfig.STATE_DIR, stateDir.toString(),
                    ProcessorConfig.HTTP_PORT, "-1")));
            consumer.subscribe(List.of(Topics.FINDINGS.name()));
            List<Finding> seen = new ArrayList<>();
            Instant base = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

            try (Processor first = Processor.create(config)) {
                first.start();
                await().atMost(Duration.ofSeconds(120)).until(first::isReady);
                send(producer, base, 0, PAIRS / 2);
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    poll(consumer, seen);
                    assertThat(seen).isNotEmpty();
                });
            }
            send(producer, base, PAIRS / 2, PAIRS);
            // the first batch again, as a producer retry or gateway redelivery would
            send(producer, base, 0, 1);
            try (Processor second = Processor.create(config)) {
                second.start();
                int expected = PATIENTS * PAIRS * 4;
                await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
                    poll(consumer, seen);
                    assertThat(seen).hasSizeGreaterThanOrEqualTo(expected);
                });
                poll(consumer, seen);
                Set<String> ids = new HashSet<>();
                seen.forEach(f -> ids.add(f.findingId()));
                assertThat(ids).hasSize(expected);
                assertThat(seen).hasSize(expected);
            }
        }
    }

    private static void send(KafkaProducer<String, Reading> producer, Instant base, int fromPair, int toPair)
            throws Exception {
        for (int pair = fromPair; pair < toPair; pair++) {
            for (int p = 0; p < PATIENTS; p++) {
                String patient = "eos-pat-" + p;
                Instant low = base.plus(Duration.ofMinutes(2L * pair));
                Instant normal = low.plus(Duration.ofMinutes(1));
                producer.send(new ProducerRecord<>(Topics.READINGS.name(), patient,
                        Readings.of(patient, "eos-dev-" + p, VitalType.SPO2, "86", low)));
                producer.send(new ProducerRecord<>(Topics.READINGS.name(), patient,
                        Readings.of(patient, "eos-dev-" + p, VitalType.SPO2, "97", normal)));
            }
        }
        producer.flush();
    }

    private static KafkaProducer<String, Reading> readingsProducer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());
    }

    /** A consumer of the committed findings only, in a fresh group. */
    private static KafkaConsumer<String, Finding> committedFindings(EmbeddedKafka kafka, String groupPrefix) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.FINDINGS.keySerde().deserializer(), Topics.FINDINGS.valueSerde().deserializer());
    }

    private static void poll(KafkaConsumer<String, Finding> consumer, List<Finding> seen) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
    }

    @Test
    void brokerRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, Reading> producer = readingsProducer(kafka);
                KafkaConsumer<String, Finding> consumer = committedFindings(kafka, "eos-broker-it");
                Processor processor = Processor.create(ProcessorConfig.from(Settings.of(Map.of(
                        ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                        ProcessorConfig.APPLICATION_ID, "eos-broker-it",
                        ProcessorConfig.STATE_DIR, stateDir.toString(),
                        ProcessorConfig.HTTP_PORT, "-1"))))) {
            consumer.subscribe(List.of(Topics.FINDINGS.name()));
            List<Finding> seen = new ArrayList<>();
            Instant base = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            processor.start();
            await().atMost(Duration.ofSeconds(120)).until(processor::isReady);
            send(producer, base, 0, PAIRS / 2);
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                poll(consumer, seen);
                assertThat(seen).isNotEmpty();
            });

            kafka.stopBroker();
            kafka.startBroker();
            send(producer, base, PAIRS / 2, PAIRS);

            int expected = PATIENTS * PAIRS * 4;
            await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
                poll(consumer, seen);
                assertThat(seen).hasSizeGreaterThanOrEqualTo(expected);
            });
            poll(consumer, seen);
            Set<String> ids = new HashSet<>();
            seen.forEach(f -> ids.add(f.findingId()));
            assertThat(ids).hasSize(expected);
            assertThat(seen).hasSize(expected);
        }
    }
}
