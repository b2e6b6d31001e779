package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import org.rpmpipeline.gateway.HostileCorpus.Case;
import org.rpmpipeline.gateway.HostileCorpus.Kind;
import org.rpmpipeline.gateway.replay.DeadLetterReplay;

/**
 * A seeded corpus of several hundred messages, every hostile class interleaved with valid readings, through a
 * real gateway on real brokers: the embedded stack (Kafka KRaft and HiveMQ) and Debian's Mosquitto. Every hostile
 * message gives exactly one dead letter with a sensible reason and its (bounded) original bytes, unless the
 * broker itself refuses it; every valid reading arrives; the dead letters stay within twice the message's bytes
 * plus a small constant; and after all of it the gateway is ready, holds nothing in flight and still delivers.
 */
@Timeout(900)
class HostileCorpusIT {
    private static final long SEED = 20_261_313L;
    private static final int VALID = 180;
    private static final Duration WAIT = Duration.ofSeconds(240);
    /** Room in a dead letter beyond twice the message's bytes: detail, topic, ids, headers. */
    private static final long CONSTANT = 8 * 1024;
    /** Mosquitto's maximum packet size in this test: the 7 MB batch is over it, everything else under. */
    private static final int MOSQUITTO_MAX_PACKET = 3_000_000;

    @TempDir
    Path dir;

    @Test
    void theEmbeddedStackDeadLettersEveryHostileMessageAndDeliversEveryReading() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start()) {
            GatewayConfig config = config(kafka, mqtt.url());
            Result result = run(kafka, config, () -> new MqttDevice(mqtt.port()), Set.of());

            // the replay refuses what does not hold the whole message, and says so
            DeadLetterReplay.Result replay = new DeadLetterReplay(config).run(new DeadLetterReplay.Filter(
                    Set.of(RejectReason.PAYLOAD_TOO_LARGE), null, null), true);
            long partial = result.deadLetters.values().stream()
                    .filter(d -> d.reason() == RejectReason.PAYLOAD_TOO_LARGE && !d.whole()).count();
            assertThat(partial).isPositive();
            assertThat(replay.notReplayable()).isEqualTo(partial);
            assertThat(replay.notReplayableExamples()).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("sha256 "));
        }
    }

    @Test
    void mosquittoRefusesWhatIsOverItsPacketSizeAndTheGatewayDeadLettersTheRest() throws Exception {
        Assumptions.assumeTrue(MosquittoBroker.binary().isPresent(),
                "mosquitto is not on PATH: install it with apt-get install -y mosquitto");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                MosquittoBroker mosquitto = MosquittoBroker.start(Files.createDirectories(dir.resolve("mosquitto")),
                        "allow_anonymous true\nmax_packet_size " + MOSQUITTO_MAX_PACKET
                                + "\nmax_queued_messages 0\n")) {
            Result result = run(kafka, config(kafka, "tcp://127.0.0.1:" + mosquitto.port()),
                    () -> new MqttDevice(mosquitto.port()), Set.of(Kind.BATCH_7MB));

            assertThat(result.refused).isNotEmpty().allSatisfy(c -> {
                assertThat(c.kind()).isEqualTo(Kind.BATCH_7MB);
                assertThat(c.bytes()).isGreaterThan(MOSQUITTO_MAX_PACKET);
            });
        }
    }

    @Test
    void aDeadLetterKafkaRefusesForGoodIsReplacedByOneWithoutPayloadAndIngestionGoesOn() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start()) {
            // the topic takes less than the gateway's own dead-letter bound allows: the broker refuses the record
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                        Topics.REJECTED.name()), List.of(new AlterConfigOp(new ConfigEntry(
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "65536"), AlterConfigOp.OpType.SET))))
                        .all().get();
            }
            GatewayConfig config = config(kafka, mqtt.url());
            try (Gateway gateway = new Gateway(config);
                    TopicTail<Reading> readings = new TopicTail<>(kafka.bootstrapServers(), Topics.READINGS);
                    TopicTail<RejectedMessage> rejected = new TopicTail<>(kafka.bootstrapServers(), Topics.REJECTED);
                    MqttDevice device = new MqttDevice(mqtt.port())) {
                gateway.start();
                await().atMost(WAIT).until(gateway::isReady);
                byte[] bad = ("[" + "{\"vital\":\"spo2\",\"value\":250,\"unit\":\"%\"},".repeat(3000)
                        + "{\"vital\":\"spo2\",\"value\":250,\"unit\":\"%\"}]").getBytes();
                device.publish(MqttTopics.vitals("hc-ox-1"), bad, List.of(Map.entry(UserProperties.CORRELATION_ID,
                        "refused-1")));
                device.publish(MqttTopics.vitals("hc-ox-1"), "{\"vital\":\"spo2\",\"value\":96,\"unit\":\"%\"}"
                        .getBytes(), List.of(Map.entry(UserProperties.CORRELATION_ID, "after-1")));

                RejectedMessage dead = rejected.await(i -> "refused-1".equals(i.value().correlationId()), 1, WAIT)
                        .get(0).value();
                assertThat(dead.reason()).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
                assertThat(dead.detail()).contains("RecordTooLargeException").contains("keeps no payload");
                assertThat(dead.payload()).isEmpty();
                assertThat(dead.payloadSize()).isEqualTo(bad.length);
                assertThat(dead.payloadSha256()).isEqualTo(RejectedMessage.sha256(bad));
                readings.await(i -> "after-1".equals(i.value().correlationId()), 1, WAIT);
                await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.metrics().scrape())
                        .contains("rpm_gateway_messages_in_flight 0.0"));
                assertThat(gateway.isReady()).isTrue();
                assertThat(gateway.metrics().refusedCount()).isEqualTo(1);
                assertThat(gateway.metrics().droppedCount()).isZero();
            }
        }
    }

    private GatewayConfig config(EmbeddedKafka kafka, String mqttUrl) throws Exception {
        StringBuilder csv = new StringBuilder("deviceId,patientId\n");
        HostileCorpus.DEVICES.forEach(d -> csv.append(d).append(",patient-").append(d).append('\n'));
        Path bindings = Files.writeString(dir.resolve("bindings-" + UUID.randomUUID() + ".csv"), csv);
        return GatewaySettings.config(kafka, mqttUrl, Map.of(GatewayConfig.BINDINGS_FILE, bindings.toString()));
    }

    /** What a corpus run left on Kafka, by correlation id. */
    private record Result(Map<String, RejectedMessage> deadLetters, List<Case> refused) {
    }

    private Result run(EmbeddedKafka kafka, GatewayConfig config, Supplier<MqttDevice> devices,
            Set<Kind> brokerMayRefuse) throws Exception {
        String runId = "hc" + UUID.randomUUID().toString().substring(0, 6);
        List<Case> corpus = HostileCorpus.generate(SEED, VALID, runId);
        assertThat(corpus).hasSizeGreaterThan(300);
        assertThat(corpus.stream().map(Case::kind).distinct()).containsExactlyInAnyOrder(Kind.values());
        List<Case> refused = new ArrayList<>();
        try (Gateway gateway = new Gateway(config);
                TopicTail<Reading> readings = new TopicTail<>(kafka.bootstrapServers(), Topics.READINGS);
                TopicTail<RejectedMessage> rejected = new TopicTail<>(kafka.bootstrapServers(), Topics.REJECTED)) {
            gateway.start();
            await().atMost(WAIT).until(gateway::isReady);
            try (MqttDevice device = devices.get()) {
                for (Case c : corpus) {
                    if (brokerMayRefuse.contains(c.kind())) {
                        // a client of its own: a broker may close the connection of a client it refuses
                        try (MqttDevice once = devices.get()) {
                            once.publish(c.topic(), c.payload(), c.properties());
                        } catch (RuntimeException e) {
                            refused.add(c);
                        }
                    } else {
                        device.publish(c.topic(), c.payload(), c.properties());
                    }
                }
                // after every poison message the gateway still delivers
                device.publish(MqttTopics.vitals(HostileCorpus.DEVICES.get(0)),
                        "{\"vital\":\"heart-rate\",\"value\":70,\"unit\":\"/min\"}".getBytes(),
                        List.of(Map.entry(UserProperties.CORRELATION_ID, runId + "-after")));
            }

            Set<String> refusedIds = new HashSet<>();
            refused.forEach(c -> refusedIds.add(c.correlationId()));
            int expectedReadings = corpus.stream().filter(c -> !refusedIds.contains(c.correlationId()))
                    .mapToInt(Case::readings).sum() + 1;
            long expectedDeadLetters = corpus.stream().filter(Case::hostile)
                    .filter(c -> !refusedIds.contains(c.correlationId())).count();
            List<TopicTail.Item<Reading>> gotReadings = readings.await(
                    i -> i.value().correlationId().startsWith(runId + "-"), expectedReadings, WAIT);
            List<TopicTail.Item<RejectedMessage>> gotDead = rejected.await(
                    i -> i.value().correlationId() != null && i.value().correlationId().startsWith(runId + "-"),
                    (int) expectedDeadLetters, WAIT);

            // every valid reading arrived, once per item
            Map<String, Long> readingsPerMessage = new HashMap<>();
            gotReadings.forEach(i -> readingsPerMessage.merge(i.value().correlationId(), 1L, Long::sum));
            for (Case c : corpus) {
                if (c.readings() > 0 && !refusedIds.contains(c.correlationId())) {
                    assertThat(readingsPerMessage.get(c.correlationId())).as("readings of %s #%d", c.kind(),
                            c.number()).isEqualTo(c.readings());
                }
            }
            assertThat(readingsPerMessage).containsKey(runId + "-after");

            // exactly one dead letter per hostile message, a sensible reason, its bounded original bytes
            Map<String, TopicTail.Item<RejectedMessage>> byCorrelation = new HashMap<>();
            for (TopicTail.Item<RejectedMessage> item : gotDead) {
                assertThat(byCorrelation.put(item.value().correlationId(), item)).as("second dead letter for %s",
                        item.value().correlationId()).isNull();
            }
            long hostileBytes = 0;
            long deadLetterBytes = 0;
            Map<String, RejectedMessage> deadLetters = new HashMap<>();
            for (Case c : corpus) {
                TopicTail.Item<RejectedMessage> item = byCorrelation.get(c.correlationId());
                if (!c.hostile() || refusedIds.contains(c.correlationId())) {
                    assertThat(item).as("dead letter of %s #%d", c.kind(), c.number()).isNull();
                    continue;
                }
                assertThat(item).as("dead letter of %s #%d", c.kind(), c.number()).isNotNull();
                RejectedMessage dead = item.value();
                deadLetters.put(c.correlationId(), dead);
                assertThat(dead.reason()).as("reason of %s #%d: %s", c.kind(), c.number(), dead.detail())
                        .isIn(c.kind().expected);
                assertThat(dead.detail()).as("detail of %s", c.kind()).isNotBlank().doesNotContain("\n")
                        .hasSizeLessThanOrEqualTo(config.deadLetters().maxDetailChars());
                assertThat(dead.sourceTopic()).isEqualTo(c.topic());
                assertThat(dead.payloadSize()).isEqualTo(c.payload().length);
                assertThat(dead.payloadSha256()).isEqualTo(RejectedMessage.sha256(c.payload()));
                if (dead.payloadTruncated()) {
                    assertThat(c.payload().length).isGreaterThan(config.deadLetters().maxPayloadBytes());
                    assertThat(dead.payload()).isEqualTo(Arrays.copyOf(c.payload(), dead.payload().length));
                } else {
                    assertThat(dead.payload()).as("payload of %s", c.kind()).isEqualTo(c.payload());
                }
                assertThat(item.bytes()).as("dead-letter bytes of %s #%d", c.kind(), c.number())
                        .isLessThanOrEqualTo(2 * c.bytes() + CONSTANT)
                        .isLessThanOrEqualTo(config.deadLetters().maxRecordBytes(config.input()));
                hostileBytes += c.bytes();
                deadLetterBytes += item.bytes();
            }
            assertThat(deadLetterBytes).isLessThanOrEqualTo(2 * hostileBytes + CONSTANT * expectedDeadLetters);

            // the gateway came through: ready, nothing in flight, nothing given up, and it still delivers
            await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.metrics().scrape())
                    .contains("rpm_gateway_messages_in_flight 0.0"));
            assertThat(gateway.isReady()).isTrue();
            assertThat(gateway.metrics().droppedCount()).isZero();
            assertThat(gateway.metrics().scrape()).contains("rpm_gateway_handler_failures_total 0.0");
            assertThat(gateway.metrics().deadLetterCount()).isEqualTo(expectedDeadLetters);
            return new Result(deadLetters, refused);
        }
    }
}
