package org.rpmpipeline.processor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.Topology;
import org.rpmpipeline.contract.kafka.KafkaReachability;
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
     * Returns true once every topic of {@code topics} has partitions; throws naming the first missing one after
     * {@code timeout}. While Kafka does not answer at all it waits without a deadline, saying so in the log within
     * seconds ({@link KafkaReachability}); it returns false if {@code stop} is released meanwhile.
     * {@code properties} are the streams client's (the admin settings among them are used).
     */
    static boolean await(Properties properties, List<String> topics, Duration timeout, CountDownLatch stop) {
        if (topics.isEmpty()) {
            return true;
        }
        Map<String, Object> admin = new HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (properties.containsKey(name)) {
                admin.put(name, properties.get(name));
            }
        }
        String bootstrap = String.valueOf(admin.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        if (!new KafkaReachability("stream processor", bootstrap, admin).await(stop)) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin client = Admin.create(admin)) {
            String missing = topics.get(0);
            while (System.nanoTime() < deadline) {
                missing = firstMissing(client, topics);
                if (missing == null) {
                    return true;
                }
                if (stop.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                    return false;
                }
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
