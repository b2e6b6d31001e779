package org.rpmpipeline.alerts.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;

/**
 * Kafka's side of the chaos benchmark (bench/chaos/run.sh), against a broker running as its own process:
 * <ul>
 * <li>{@code create-topics <bootstrap> <partitions>}: the pipeline's topics (compacted ones compacted);</li>
 * <li>{@code count <bootstrap>}: {@code key=value} lines about {@code rpm.notifications} read committed and
 * uncommitted (the difference: records of aborted transactions) and {@code rpm.notification-deliveries};</li>
 * <li>{@code lag <bootstrap> <group> <topic>}: how many committed records of {@code topic} the consumer group
 * has not committed offsets past yet (all of them when it has committed none).</li>
 * </ul>
 */
public final class ChaosKafka {
    private ChaosKafka() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("create-topics")) {
            createTopics(args[1], Integer.parseInt(args[2]));
        } else if (args.length >= 2 && args[0].equals("count")) {
            count(args[1]);
        } else if (args.length >= 4 && args[0].equals("lag")) {
            System.out.println(lag(args[1], args[2], args[3]));
        } else {
            System.err.println("usage: ChaosKafka create-topics <bootstrap> <partitions> | count <bootstrap> | "
                    + "lag <bootstrap> <group> <topic>");
            System.exit(2);
        }
    }

    private static void createTopics(String bootstrap, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (Topic<?, ?> topic : Topics.all()) {
                NewTopic newTopic = new NewTopic(topic.name(), partitions, (short) 1);
                if (topic.compacted()) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                try {
                    admin.createTopics(List.of(newTopic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic.name(), e.getCause());
                    }
                }
            }
        }
    }

    private static void count(String bootstrap) {
        List<Notification> committed = read(bootstrap, Topics.NOTIFICATIONS, "read_committed");
        List<Notification> all = read(bootstrap, Topics.NOTIFICATIONS, "read_uncommitted");
        List<Notification> deliveries = read(bootstrap, Topics.NOTIFICATION_DELIVERIES, "read_committed");
        System.out.println("notifications.committed=" + committed.size());
        System.out.println("notifications.committed.unique=" + unique(committed));
        System.out.println("notifications.aborted=" + (all.size() - committed.size()));
        for (String channel : List.of("console", "webhook", "email")) {
            List<Notification> ofChannel = committed.stream().filter(n -> channel.equals(n.channel())).toList();
            System.out.println("notifications.committed.unique." + channel + "=" + unique(ofChannel));
        }
        System.out.println("deliveries.records=" + deliveries.size());
        System.out.println("deliveries.unique=" + unique(deliveries));
    }

    private static long lag(String bootstrap, String group, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(partitions).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
            }
            return lag;
        }
    }

    private static long unique(List<Notification> notifications) {
        Set<String> ids = new HashSet<>();
        notifications.forEach(n -> ids.add(n.notificationId()));
        return ids.size();
    }

    /** Every record of {@code topic} from the start to the current end at {@code isolation}. */
    private static List<Notification> read(String bootstrap, Topic<String, Notification> topic, String isolation) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Notification> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        out.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
                    }
                }
            }
        }
        return out;
    }
}
