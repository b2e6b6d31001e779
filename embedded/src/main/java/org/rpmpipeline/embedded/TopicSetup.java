package org.rpmpipeline.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.rpmpipeline.contract.topic.Topic;

/**
 * Creates the pipeline's topics on a test broker, the in-JVM one or one in a container, and waits until the broker
 * serves them: single replica, compacted topics with {@code cleanup.policy=compact}.
 */
public final class TopicSetup {
    private static final Duration TOPICS_VISIBLE_TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {
    }

    /** Creates the topics that do not exist yet, {@code partitions} each, with an admin client of {@code admin}. */
    public static void create(Properties admin, List<Topic<?, ?>> topics, int partitions) {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            NewTopic newTopic = new NewTopic(topic.name(), partitions, (short) 1);
            if (topic.compacted()) {
                newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            wanted.add(newTopic);
        }
        try (Admin client = Admin.create(admin)) {
            for (NewTopic topic : wanted) {
                try {
                    client.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            awaitVisible(client, wanted);
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
}
