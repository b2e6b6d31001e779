package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.backtest.BacktestConfig;
import org.rpmpipeline.backtest.BacktestMain;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import org.rpmpipeline.gateway.Gateway;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.gateway.binding.BindingsRegistration;
import org.rpmpipeline.processor.Processor;
import org.rpmpipeline.processor.ProcessorConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The shipped per-component Kafka ACLs ({@code deploy/kafka/acls.sh}, run as it is with kafka-acls' Java class)
 * on a broker that refuses what no ACL allows: the gateway, the stream processor and the alert service each run
 * under their own principal and a reading still becomes a finding, an Observation and a notification, which a
 * backtest under its read-only principal replays; what a principal was not given is refused; and {@code deploy/kafka/strimzi-users.yaml} grants exactly the same.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaAclIT {
    private static final Path DEPLOY = Path.of("..", "deploy", "kafka").toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final List<String> PRINCIPALS = List.of("rpm-gateway", "rpm-processor", "rpm-alerts",
            "rpm-registration", "rpm-clinician-tools", "rpm-operator", "rpm-backtest");
    private static final String DEVICE = "ox-acl-1";
    private static final String PATIENT = "patient-acl-1";

    private SecuredKafka kafka;
    private EmbeddedMqttBroker mqtt;
    private final List<AutoCloseable> services = new ArrayList<>();
    private Path home;

    @BeforeAll
    void startSecuredKafkaWithTheShippedAcls(@TempDir Path dir) throws Exception {
        home = dir;
        kafka = SecuredKafka.start(PRINCIPALS);
        kafka.createTopics(Topics.all());
        runAclScript();
        mqtt = EmbeddedMqttBroker.start();
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyServiceWorksUnderItsOwnPrincipal() throws Exception {
        Path bindings = Files.writeString(home.resolve("devices.csv"), "deviceId,patientId\n" + DEVICE + ","
                + PATIENT + "\n");
        // registration is a step of its own under the registration principal; the gateway's may not do it
        assertThatThrownBy(() -> BindingsRegistration.register(gatewayKafka("rpm-gateway"), bindings))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(BindingsRegistration.register(gatewayKafka("rpm-registration"), bindings)).isEqualTo(1);
        // and a gateway told to write a bindings file at start stops there
        try (Gateway withFile = new Gateway(GatewayConfig.from(settings("rpm-gateway", Map.of(
                "rpm.mqtt.url", mqtt.url(), "rpm.gateway.http-port", "-1", "rpm.gateway.client-id", "gw-acl-file",
                "rpm.gateway.bindings-file", bindings.toString()))))) {
            assertThatThrownBy(withFile::start).isInstanceOf(IllegalStateException.class)
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }

        Processor processor = track(Processor.create(ProcessorConfig.from(settings("rpm-processor", Map.of(
                "rpm.processor.http-port", "0",
                "rpm.processor.state-dir", Files.createDirectories(home.resolve("state")).toString())))));
        processor.start();
        AlertService alerts = track(new AlertService(AlertConfig.from(settings("rpm-alerts", Map.of(
                "rpm.alerts.http-port", "0"))), Clock.systemUTC()));
        alerts.start();
        Gateway gateway = track(new Gateway(GatewayConfig.from(settings("rpm-gateway", Map.of(
                "rpm.mqtt.url", mqtt.url(), "rpm.gateway.http-port", "0", "rpm.gateway.client-id", "gw-acl")))));
        gateway.start();
        await().atMost(WAIT).until(() -> processor.isReady() && alerts.isReady() && gateway.isReady());

        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier(DEVICE).serverHost("127.0.0.1")
                .serverPort(mqtt.port()).buildBlocking();
        device.connect();
        try {
            // 92 % is in the spo2-low rule's first band: one finding, one notification
            device.publishWith().topic(MqttTopics.vitals(DEVICE)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"vital\":\"spo2\",\"value\":92,\"unit\":\"%\",\"measuredAt\":\""
                            + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}").getBytes(StandardCharsets.UTF_8))
                    .send();
        } finally {
            device.disconnect();
        }
        try (KafkaConsumer<String, byte[]> admin = adminConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.READINGS.name(), Topics.FINDINGS.name(), Topics.OBSERVATIONS.name(),
                    Topics.NOTIFICATIONS.name())) {
                admin.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            admin.assign(partitions);
            admin.seekToBeginning(partitions);
            Set<String> seen = new HashSet<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : admin.poll(Duration.ofMillis(200))) {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(PATIENT)) {
                        seen.add(record.topic());
                    }
                }
                return seen.size() == 4;
            });
        }
        // a backtest replays that history under its own read-only principal (the bundled rules against a
        // candidate without spo2-low): the live rule's finding is found again and its alert would not be raised
        Path candidate = Files.writeString(home.resolve("candidate.yaml"), """
                schemaVersion: 1
                rules:
                  - id: heart-rate-high
                    kind: threshold
                    version: 1
                    description: Heart rate high
                    vital: heart-rate
                    unit: /min
                    bands:
                      - {severity: moderate, operator: ">=", value: 111, source: test}
                """);
        Map<String, String> backtestSettings = new HashMap<>(kafka.serviceSettings("rpm-backtest"));
        backtestSettings.put(BacktestConfig.STATE_DIR, home.resolve("backtest-state").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine backtest = new CommandLine(new BacktestMain(Settings.of(backtestSettings), Clock.systemUTC()));
        backtest.setOut(new PrintWriter(out));
        backtest.setErr(new PrintWriter(err));
        int exit = backtest.execute("--rules", candidate.toString(), "--from", "1h", "--warm-up", "0s",
                "--out", home.resolve("backtest").toString());
        assertThat(exit).as(err.toString()).isZero();
        JsonNode report = Json.mapper().readTree(home.resolve("backtest/backtest.json").toFile());
        assertThat(report.at("/input/readings").asLong()).isPositive();
        assertThat(report.get("notRaisedByCandidate")).anySatisfy(alert -> {
            assertThat(alert.get("patientId").asText()).isEqualTo(PATIENT);
            assertThat(alert.get("ruleId").asText()).isEqualTo("spo2-low");
        });
    }

    @ParameterizedTest(name = "{0} may not write {1}")
    @CsvSource({
        "rpm-gateway, rpm.devices", "rpm-gateway, rpm.patient-thresholds", "rpm-gateway, rpm.findings",
        "rpm-processor, rpm.readings", "rpm-processor, rpm.devices", "rpm-processor, rpm.alerts",
        "rpm-alerts, rpm.findings", "rpm-alerts, rpm.readings", "rpm-alerts, rpm.patient-thresholds",
        "rpm-registration, rpm.readings", "rpm-registration, rpm.patient-thresholds",
        "rpm-clinician-tools, rpm.devices", "rpm-clinician-tools, rpm.readings",
        "rpm-operator, rpm.rejected", "rpm-operator, rpm.readings",
        "rpm-backtest, rpm.readings", "rpm-backtest, rpm.findings", "rpm-backtest, rpm.alert-timers"})
    void aPrincipalCannotWriteWhatItWasNotGiven(String principal, String topic) {
        Map<String, Object> config = kafka.clientConfig(principal);
        // not idempotent, so the refusal is the topic's, not the producer id's
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "{}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0} may not read {1}")
    @CsvSource({
        "rpm-gateway, rpm.patient-thresholds", "rpm-gateway, rpm.readings", "rpm-registration, rpm.devices",
        "rpm-clinician-tools, rpm.findings", "rpm-processor, rpm.alerts", "rpm-backtest, rpm.findings",
        "rpm-backtest, rpm.alerts"})
    void aPrincipalCannotReadWhatItWasNotGiven(String principal, String topic) {
        Map<String, Object> config = kafka.clientConfig(principal);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(20)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theStrimziUsersGrantExactlyTheScriptsAcls() throws Exception {
        Map<String, Set<String>> fromScript = new HashMap<>();
        try (Admin admin = Admin.create(kafka.clientConfig(SecuredKafka.ADMIN))) {
            for (AclBinding binding : admin.describeAcls(AclBindingFilter.ANY).values().get()) {
                fromScript.computeIfAbsent(binding.entry().principal(), p -> new HashSet<>()).add(String.join(" ",
                        binding.pattern().resourceType().name(), binding.pattern().name(),
                        binding.pattern().patternType().name(), binding.entry().operation().name(),
                        binding.entry().permissionType().name(), binding.entry().host()));
            }
        }
        Map<String, Set<String>> fromStrimzi = new HashMap<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object document : yaml.loadAll(Files.readString(DEPLOY.resolve("strimzi-users.yaml")))) {
            Map<?, ?> user = (Map<?, ?>) document;
            assertThat(user.get("kind")).isEqualTo("KafkaUser");
            Set<String> acls = fromStrimzi.computeIfAbsent("User:" + ((Map<?, ?>) user.get("metadata")).get("name"),
                    p -> new HashSet<>());
            Map<?, ?> authorization = (Map<?, ?>) ((Map<?, ?>) user.get("spec")).get("authorization");
            for (Object entry : (List<?>) authorization.get("acls")) {
                Map<?, ?> acl = (Map<?, ?>) entry;
                Map<?, ?> resource = (Map<?, ?>) acl.get("resource");
                for (Object operation : (List<?>) acl.get("operations")) {
                    acls.add(String.join(" ", strimziResourceType((String) resource.get("type")),
                            (String) resource.get("name"),
                            "prefix".equals(resource.get("patternType")) ? "PREFIXED" : "LITERAL",
                            ((String) operation).toUpperCase(Locale.ROOT), "ALLOW", "*"));
                }
            }
        }
        assertThat(fromScript.keySet()).containsExactlyInAnyOrderElementsOf(
                PRINCIPALS.stream().map(p -> "User:" + p).toList());
        assertThat(fromStrimzi).isEqualTo(fromScript);
    }

    private static String strimziResourceType(String type) {
        return switch (type) {
            case "topic" -> "TOPIC";
            case "group" -> "GROUP";
            case "transactionalId" -> "TRANSACTIONAL_ID";
            case "cluster" -> "CLUSTER";
            default -> throw new IllegalArgumentException("unknown Strimzi resource type " + type);
        };
    }

    /** deploy/kafka/acls.sh with kafka-acls.sh replaced by the same Java class on this test's class path. */
    private void runAclScript() throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path kafkaAcls = home.resolve("kafka-acls");
        Files.writeString(kafkaAcls, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:TieredStopAtLevel=1 -cp '" + classPath + "' org.apache.kafka.tools.AclCommand \"$@\"\n");
        assertThat(kafkaAcls.toFile().setExecutable(true)).isTrue();
        ProcessBuilder builder = new ProcessBuilder("bash", DEPLOY.resolve("acls.sh").toString())
                .redirectErrorStream(true);
        builder.environment().put("BOOTSTRAP", kafka.bootstrapServers());
        builder.environment().put("COMMAND_CONFIG", kafka.writeAdminProperties(home.resolve("admin.properties"))
                .toString());
        builder.environment().put("KAFKA_ACLS", kafkaAcls.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("acls.sh: %s", output).isZero();
    }

    private GatewayConfig.KafkaSettings gatewayKafka(String principal) {
        return GatewayConfig.from(Settings.of(kafka.serviceSettings(principal))).kafka();
    }

    private Settings settings(String principal, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(kafka.serviceSettings(principal));
        values.putAll(extra);
        return Settings.of(values);
    }

    private KafkaConsumer<String, byte[]> adminConsumer() {
        Map<String, Object> config = kafka.clientConfig(SecuredKafka.ADMIN);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private <T extends AutoCloseable> T track(T service) {
        services.add(service);
        return service;
    }
}
