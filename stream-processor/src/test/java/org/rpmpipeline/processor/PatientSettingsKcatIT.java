package org.rpmpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Assumptions;
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
 * A client we did not write sets a patient's NEWS2 settings: Debian's kcat, with librdkafka's default partitioner
 * (consistent_random: CRC32 of the key), writes rpm.patient-thresholds on a four-partition topic. The record lands
 * on another partition than the Java client (murmur2), which writes the patient's readings, would choose; the
 * setting still applies to the patient's next reading.
 */
@Timeout(180)
class PatientSettingsKcatIT {
    private static final int PARTITIONS = 4;

    @TempDir
    Path stateDir;

    @Test
    void aSettingWrittenByKcatAppliesToTheNextReadingWhateverItsPartition() throws Exception {
        Path kcat = onPath("kcat").orElse(null);
        Assumptions.assumeTrue(kcat != null, "kcat is not on PATH: install it with apt-get install -y kcat");
        String patient = patientOnAnotherPartition();
        int javaPartition = Utils.toPositive(Utils.murmur2(patient.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;

        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, PARTITIONS);
                Processor processor = Processor.create(config(kafka));
                KafkaProducer<String, Reading> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer())) {
            processor.start();
            await().atMost(Duration.ofSeconds(90)).until(processor::isReady);

            // scale 2 and home oxygen at 2 L/min, effective a minute ago
            String setting = patient + ":{\"schemaVersion\":1,\"patientId\":\"" + patient + "\",\"version\":1,"
                    + "\"effectiveFrom\":\"" + Instant.now().minusSeconds(60) + "\",\"spo2Scale\":2,"
                    + "\"homeOxygenFlow\":2,\"setBy\":\"clinician-1\",\"reason\":\"COPD on home oxygen\"}\n";
            Process process = new ProcessBuilder(kcat.toString(), "-P", "-b", kafka.bootstrapServers(), "-t",
                    Topics.PATIENT_THRESHOLDS.name(), "-K:").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(setting.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();

            int kcatPartition = partitionOf(kafka, patient);
            assertThat(kcatPartition).as("kcat's partition").isEqualTo(crc32Partition(patient))
                    .isNotEqualTo(javaPartition);

            await().atMost(Duration.ofSeconds(60)).until(() -> processor.patientSettings(patient).isPresent());
            Reading spo2 = Readings.of(patient, "ox-kcat", VitalType.SPO2, "97",
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.READINGS.name(), patient, spo2)).get();
            assertThat(sent.partition()).isEqualTo(javaPartition);

            // without the setting SpO2 97 % scores 0 and NEWS2 is silent; on scale 2 with oxygen it is 3 + 2
            Finding news2 = awaitFinding(kafka, patient, "news2");
            assertThat(news2.computedValue()).isEqualByComparingTo("5");
            assertThat(news2.details()).containsEntry("overrideVersion", "1").containsEntry("scale", "2")
                    .containsEntry("oxygenSource", "setting").containsEntry("score.spo2", "3")
                    .containsEntry("score.air-or-oxygen", "2");
        }
    }

    /** A patient id whose CRC32 partition (librdkafka's default) differs from its murmur2 one (Java's default). */
    private static String patientOnAnotherPartition() {
        for (int i = 0; ; i++) {
            String candidate = "patient-kcat-" + i;
            int java = Utils.toPositive(Utils.murmur2(candidate.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (crc32Partition(candidate) != java) {
                return candidate;
            }
        }
    }

    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static int partitionOf(EmbeddedKafka kafka, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                all.add(new TopicPartition(Topics.PATIENT_THRESHOLDS.name(), p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow().partition();
        }
    }

    private static Finding awaitFinding(EmbeddedKafka kafka, String patient, String ruleId) {
        try (KafkaConsumer<String, Finding> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.FINDINGS.keySerde().deserializer(), Topics.FINDINGS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.FINDINGS.name()));
            List<Finding> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(f -> f.patientId().equals(patient) && f.ruleId().equals(ruleId));
            });
            return seen.stream().filter(f -> f.patientId().equals(patient) && f.ruleId().equals(ruleId)).findFirst()
                    .orElseThrow();
        }
    }

    private ProcessorConfig config(EmbeddedKafka kafka) {
        return ProcessorConfig.from(Settings.of(Map.of(
                ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                ProcessorConfig.APPLICATION_ID, "it-kcat-" + UUID.randomUUID().toString().substring(0, 8),
                ProcessorConfig.STATE_DIR, stateDir.toString(),
                ProcessorConfig.HTTP_PORT, "-1")));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}
