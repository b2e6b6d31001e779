package org.rpmpipeline.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) inside this JVM. Port 0 picks a free port,
 * which is what tests want; the stack uses the fixed 9092 so external clients can find it. The broker can be
 * stopped and started again on the same port with the same data, to test what clients do while Kafka is away.
 * Data lives in a temporary directory deleted on close.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Duration TOPICS_VISIBLE_TIMEOUT = Duration.ofSeconds(60);
    private final Path dataDir;
    private final KafkaConfig config;
    private final int port;
    private final int partitions;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, KafkaConfig config, int port, int partitions) {
        this.dataDir = dataDir;
        this.config = config;
        this.port = port;
        this.partitions = partitions;
    }

    /** A broker on a free port with the pipeline's topics created, three partitions each. */
    public static EmbeddedKafka start() {
        return start(0, 3);
    }

    /** A broker on {@code port} (0 for a free one) with every topic of {@link Topics#all()} created. */
    public static EmbeddedKafka start(int port, int partitions) {
        long started = System.nanoTime();
        int brokerPort = port == 0 ? FreePort.pick() : port;
        int controllerPort = FreePort.pick();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("rpm-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded Kafka data directory", e);
        }
        KafkaConfig config = new KafkaConfig(properties(brokerPort, controllerPort, partitions, dataDir));
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, config, brokerPort, partitions);
        try {
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream())).setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toString())).setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
            kafka.startBroker();
            kafka.createTopics(Topics.all());
        } catch (Exception e) {
            kafka.close();
            throw new IllegalStateException("embedded Kafka failed to start on port " + brokerPort, e);
        }
        Logger.info("embedded Kafka ready [bootstrap: {}, startup ms: {}]", kafka.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return kafka;
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Client properties pointing at this broker, to add more to. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Stops the broker but keeps its data; clients see it as unreachable until {@link #startBroker()}. */
    public synchronized void stopBroker() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            Logger.info("embedded Kafka stopped [port: {}]", port);
        }
    }

    /** Starts the broker (again) on the same port with the same data. */
    public synchronized void startBroker() {
        if (server == null) {
            KafkaRaftServer fresh = new KafkaRaftServer(config, Time.SYSTEM);
            fresh.startup();
            server = fresh;
        }
    }

    /** Creates the topics that do not exist yet; compacted ones get {@code cleanup.policy=compact}. */
    public void createTopics(List<Topic<?, ?>> topics) {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            NewTopic newTopic = new NewTopic(topic.name(), partitions, (short) 1);
            if (topic.compacted()) {
                newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            wanted.add(newTopic);
        }
        try (Admin admin = Admin.create(clientProperties())) {
            for (NewTopic topic : wanted) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            awaitVisible(admin, wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the broker serves metadata for every topic with a leader on each partition: the controller
     * acknowledges a creation before the broker has applied it, and on a loaded machine clients that start right
     * away would otherwise find some topics missing.
     */
    private static void awaitVisible(Admin admin, List<NewTopic> topics) throws InterruptedException {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        long deadline = System.nanoTime() + TOPICS_VISIBLE_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
                if (described.values().stream().allMatch(d -> d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topics", e.getCause());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics not visible on the broker after " + TOPICS_VISIBLE_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Override
    public void close() {
        try {
            stopBroker();
        } catch (RuntimeException e) {
            Logger.warn(e, "embedded Kafka did not stop cleanly");
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            Logger.debug(e, "cannot delete {}", dataDir);
        }
    }

    private static Properties properties(int brokerPort, int controllerPort, int partitions, Path dataDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", String.valueOf(partitions));
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }
}
