package org.rpmpipeline.processor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.Topology;
import org.tinylog.Logger;

/**
 * Waits until the source topics of a topology's global stores exist with partitions. Kafka Streams initialises a
 * global store once, at start, and fails the whole client if its topic has no partitions yet (just created and
 * not yet in the metadata, or not created at all).
 */
final class GlobalTopics {
    private static final long RETRY_MILLIS = 250;

    private GlobalTopics() {
    }

    /** The topics the global stores of {@code topology} are read from. */
    static List<String> of(Topology topology) {
        return topology.describe().globalStores().stream().flatMap(g -> g.source().topicSet().stream()).sorted()
                .toList();
    }

    /**
     * Returns once every topic of {@code topics} has partitions; throws naming the first missing one after
     * {@code timeout}. {@code properties} are the streams client's (the admin settings among them are used).
     */
    static void await(Properties properties, List<String> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, Object> admin = new HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (properties.containsKey(name)) {
                admin.put(name, properties.get(name));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin client = Admin.create(admin)) {
            String missing = topics.get(0);
            while (System.nanoTime() < deadline) {
                missing = firstMissing(client, topics);
                if (missing == null) {
                    return;
                }
                Thread.sleep(RETRY_MILLIS);
            }
            throw new IllegalStateException("topic " + missing + " has no partitions after " + timeout.toSeconds()
                    + " s: create it before starting the stream processor (it backs a global store)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topics " + topics, e);
        }
    }

    private static String firstMissing(Admin client, List<String> topics) throws InterruptedException {
        for (String topic : topics) {
            try {
                TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(topic);
                if (description == null || description.partitions().isEmpty()) {
                    return topic;
                }
            } catch (ExecutionException | TimeoutException e) {
                Logger.debug("topic not visible yet [topic: {}, cause: {}]", topic, e.toString());
                return topic;
            }
        }
        return null;
    }
}
