package org.rpmpipeline.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.gateway.Gateway;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.gateway.mqtt.NoDelaySockets;

/**
 * bench/gateway: N JSON readings at QoS 1 (the publisher waits for every PUBACK, with a bounded window) through
 * the gateway, against a naive pass-through (Paho auto-ack → Kafka, no validation) in the same run, both on the
 * embedded brokers in this JVM. Prints a Markdown table. Not a test: run it with bench/gateway/run.sh.
 */
public final class GatewayBenchmark {
    private static final String NAIVE_TOPIC = "bench.naive";
    private static final int DEVICES = 100;
    private static final int WINDOW = 1000;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final int ROUNDS = 2;

    private record Run(String name, int published, int delivered, double seconds, double publishSeconds) {
        double rate() {
            return delivered / seconds;
        }

        double publisherRate() {
            return published / publishSeconds;
        }
    }

    /** A path over its rounds: every round's counts (so a loss in any round shows) and the fastest round's rates. */
    private record Summary(String name, int published, int delivered, double rate, double publisherRate) {
        static Summary of(List<Run> rounds) {
            return new Summary(rounds.get(0).name(), rounds.stream().mapToInt(Run::published).sum(),
                    rounds.stream().mapToInt(Run::delivered).sum(),
                    rounds.stream().mapToDouble(Run::rate).max().orElseThrow(),
                    rounds.stream().mapToDouble(Run::publisherRate).max().orElseThrow());
        }
    }

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int warmup = Math.max(1000, count / 10);
        boolean mosquitto = args.length > 1 && args[1].equals("mosquitto");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); BenchBroker mqtt = BenchBroker.start(mosquitto)) {
            kafka.createTopics(List.of(new Topic<>(NAIVE_TOPIC, Serdes.ByteArray(), Serdes.ByteArray(), false)));
            appendTimestamps(kafka, List.of(NAIVE_TOPIC, Topics.READINGS.name()));
            Path bindings = Files.createTempFile("bench-bindings", ".csv");
            StringBuilder csv = new StringBuilder("deviceId,patientId\n");
            for (int d = 0; d < DEVICES; d++) {
                csv.append("bench-").append(d).append(",patient-bench-").append(d).append('\n');
            }
            Files.writeString(bindings, csv);
            // the paths alternate and each keeps its fastest round, because the machine may be shared
            List<Run> gatewayRounds = new ArrayList<>();
            List<Run> naiveRounds = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                try (Gateway g = new Gateway(GatewayConfig.from(Settings.of(Map.of(
                        GatewayConfig.MQTT_URL, mqtt.url(), GatewayConfig.KAFKA_BOOTSTRAP_SERVERS,
                        kafka.bootstrapServers(), GatewayConfig.HTTP_PORT, "-1", GatewayConfig.CLIENT_ID,
                        "bench-gateway", GatewayConfig.SESSION_EXPIRY, "0s", GatewayConfig.BINDINGS_FILE,
                        bindings.toString()))))) {
                    g.start();
                    Awaitility.await().atMost(SETTLE).until(g::isReady);
                    measure(mqtt, kafka, "warm-up", warmup, Topics.READINGS.name(), GatewayBenchmark::readingId);
                    gatewayRounds.add(measure(mqtt, kafka, "gateway", count, Topics.READINGS.name(),
                            GatewayBenchmark::readingId));
                }
                try (NaiveForwarder forwarder = new NaiveForwarder(mqtt.url(), kafka.bootstrapServers())) {
                    measure(mqtt, kafka, "warm-up", warmup, NAIVE_TOPIC, GatewayBenchmark::payloadId);
                    naiveRounds.add(measure(mqtt, kafka, "naive", count, NAIVE_TOPIC, GatewayBenchmark::payloadId));
                }
            }
            Summary gateway = Summary.of(gatewayRounds);
            Summary naive = Summary.of(naiveRounds);
            Files.deleteIfExists(bindings);
            System.out.println("Broker: " + (mosquitto ? "Mosquitto (separate process)" : "HiveMQ CE (in the JVM)")
                    + ", " + count + " messages per round, " + ROUNDS + " rounds per path (counts: all rounds;"
                    + " rates: the fastest round)");
            System.out.println("| Path | Published (QoS 1, acked) | Delivered to Kafka (distinct) | Lost | msgs/s"
                    + " | publisher alone, msgs/s |");
            System.out.println("|---|---|---|---|---|---|");
            for (Summary path : List.of(gateway, naive)) {
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %,.0f | %,.0f |%n", path.name(),
                        path.published(), path.delivered(), path.published() - path.delivered(), path.rate(),
                        path.publisherRate());
            }
            System.out.printf(Locale.ROOT, "| gateway / naive | | | | %.2f× | |%n", gateway.rate() / naive.rate());
        }
    }

    /**
     * Publishes {@code count} readings with a run tag and waits until they are on {@code topic} (or nothing new
     * arrives for a while); the time runs from the first publish to the broker's append time of the last record.
     */
    private static Run measure(BenchBroker mqtt, EmbeddedKafka kafka, String name, int count, String topic,
            Function<ConsumerRecord<byte[], byte[]>, String> id) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<byte[], byte[]> consumer = tail(kafka, topic)) {
            Mqtt5AsyncClient publisher = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(mqtt.port())
                    .identifier("bench-pub-" + tag).buildAsync();
            publisher.connect().join();
            Semaphore window = new Semaphore(WINDOW);
            AtomicLong failed = new AtomicLong();
            String measuredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                window.acquire();
                String payload = "{\"id\":\"" + tag + "-" + i + "\",\"vital\":\"heart-rate\",\"value\":" + (60 + i % 50)
                        + ",\"unit\":\"/min\",\"measuredAt\":\"" + measuredAt + "\"}";
                publisher.publishWith().topic(MqttTopics.vitals("bench-" + (i % DEVICES)))
                        .qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
                        .userProperties().add(UserProperties.CORRELATION_ID, tag + "-" + i).applyUserProperties()
                        .send()
                        .whenComplete((ack, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                            window.release();
                        });
            }
            window.acquire(WINDOW);
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            Set<String> seen = new HashSet<>();
            long lastAppended = startMillis;
            long lastProgress = System.nanoTime();
            while (seen.size() < count && System.nanoTime() - lastProgress < SETTLE.toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String recordId = id.apply(record);
                    if (recordId != null && recordId.contains(tag) && seen.add(recordId)) {
                        // the broker's append time: when the record reached Kafka, not when this consumer read it
                        lastAppended = Math.max(lastAppended, record.timestamp());
                        lastProgress = System.nanoTime();
                    }
                }
            }
            publisher.disconnect().join();
            return new Run(name, (int) (count - failed.get()), seen.size(), (lastAppended - startMillis) / 1e3,
                    publishSeconds);
        }
    }

    /** Records on {@code topics} get the broker's append time as their timestamp (LogAppendTime). */
    private static void appendTimestamps(EmbeddedKafka kafka, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : topics) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                        new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(changes).all().get();
        }
    }

    /** The gateway carries the hub's correlation id (one per MQTT message) into the record headers. */
    private static String readingId(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(HeaderNames.CORRELATION_ID);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String payloadId(ConsumerRecord<byte[], byte[]> record) {
        return payloadField(record, "id");
    }

    private static String payloadField(ConsumerRecord<byte[], byte[]> record, String field) {
        try {
            JsonNode node = Json.mapper().readTree(record.value());
            JsonNode value = node.get(field);
            return value == null ? null : value.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static KafkaConsumer<byte[], byte[]> tail(EmbeddedKafka kafka, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The naive pass-through: Paho with automatic acks, every payload straight to Kafka, no validation. */
    private static final class NaiveForwarder implements AutoCloseable, MqttCallback {
        private final MqttAsyncClient client;
        private final KafkaProducer<byte[], byte[]> producer;

        NaiveForwarder(String url, String bootstrap) throws MqttException {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG, "5"), new ByteArraySerializer(), new ByteArraySerializer());
            client = new MqttAsyncClient(url, "bench-naive", new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSocketFactory(NoDelaySockets.plain());
            client.connect(options).waitForCompletion(10_000);
            client.subscribe(MqttTopics.shared("bench-naive", MqttTopics.ALL), 1).waitForCompletion(10_000);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            producer.send(new ProducerRecord<>(NAIVE_TOPIC, topic.getBytes(StandardCharsets.UTF_8),
                    message.getPayload()));
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
            producer.close();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
