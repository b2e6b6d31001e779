package org.rpmpipeline.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.embedded.FreePort;

/**
 * A single-node KRaft broker inside the test JVM whose client listener requires SASL/PLAIN and whose
 * StandardAuthorizer refuses whatever no ACL allows ({@code allow.everyone.if.no.acl.found=false}). {@code admin}
 * is a super user; every other user has only the ACLs a test adds.
 */
final class SecuredKafka implements AutoCloseable {
    static final String ADMIN = "admin";

    private final Path dataDir;
    private final int port;
    private final Map<String, String> passwords;
    private final KafkaRaftServer server;

    private SecuredKafka(Path dataDir, int port, Map<String, String> passwords, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.passwords = passwords;
        this.server = server;
    }

    /** Starts the broker with {@code admin} and the given users (password: the user name plus "-secret"). */
    static SecuredKafka start(List<String> users) throws Exception {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(ADMIN, ADMIN + "-secret");
        users.forEach(user -> passwords.put(user, user + "-secret"));
        int port = FreePort.pick();
        int controllerPort = FreePort.pick();
        Path dataDir = Files.createTempDirectory("rpm-kafka-acl-");
        KafkaConfig config = new KafkaConfig(brokerProperties(port, controllerPort, dataDir, passwords));
        new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream())).setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString()).setDirectories(List.of(dataDir.toString()))
                .setMetadataLogDirectory(dataDir.toString()).setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction()).run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new SecuredKafka(dataDir, port, passwords, server);
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Client properties that authenticate as {@code user}. */
    Map<String, Object> clientConfig(String user) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.putAll(saslProperties(user));
        return config;
    }

    /** The same as service settings: {@code kafka.*} pass-through keys plus the bootstrap servers. */
    Map<String, String> serviceSettings(String user) {
        Map<String, String> settings = new HashMap<>();
        settings.put("rpm.kafka.bootstrap-servers", bootstrapServers());
        saslProperties(user).forEach((key, value) -> settings.put("kafka." + key, value));
        return settings;
    }

    /** A properties file for kafka-acls.sh --command-config, authenticating as admin. */
    Path writeAdminProperties(Path file) throws IOException {
        String text = saslProperties(ADMIN).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(file, text);
    }

    void createTopics(List<Topic<?, ?>> topics) throws InterruptedException, ExecutionException {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            NewTopic newTopic = new NewTopic(topic.name(), 3, (short) 1);
            if (topic.compacted()) {
                newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            wanted.add(newTopic);
        }
        try (Admin admin = Admin.create(clientConfig(ADMIN))) {
            admin.createTopics(wanted).all().get();
        }
    }

    private Map<String, String> saslProperties(String user) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"" + user + "\" password=\"" + passwords.get(user) + "\";");
    }

    private static Properties brokerProperties(int port, int controllerPort, Path dataDir,
            Map<String, String> passwords) {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + ADMIN + "\" password=\"" + passwords.get(ADMIN) + "\"");
        passwords.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        jaas.append(';');
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.toString());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        // the broker reaches its own controller over the loopback PLAINTEXT controller listener, as ANONYMOUS
        p.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
