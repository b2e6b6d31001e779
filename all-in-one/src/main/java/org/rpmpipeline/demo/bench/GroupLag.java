package org.rpmpipeline.demo.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's backlog on some topics: committed offsets against the last stable offsets (what a
 * {@code read_committed} reader can reach). A partition without a committed offset counts from its start.
 */
final class GroupLag {
    private final Admin admin;

    GroupLag(Admin admin) {
        this.admin = admin;
    }

    /** Records of {@code topics} the group has not committed yet; -1 if the broker did not answer in 5 s. */
    long of(String group, List<String> topics) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> {
                        latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                        earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
                    }));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(5, TimeUnit.SECONDS);
            var starts = admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata position = committed.get(end.getKey());
                long from = position != null ? position.offset() : starts.get(end.getKey()).offset();
                lag += Math.max(0, end.getValue().offset() - from);
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }
}
