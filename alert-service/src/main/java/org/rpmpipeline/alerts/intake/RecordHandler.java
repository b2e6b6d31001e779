package org.rpmpipeline.alerts.intake;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * What a {@link ConsumerLoop} does with each decoded record. {@link #handle} returns the Kafka sends it started;
 * the loop commits the batch only after all of them are acknowledged. An exception from {@code handle} means the
 * record itself is bad (a data error): it is counted and skipped. A failed send means infrastructure trouble: the
 * loop calls {@link #onBatchFailed()}, rewinds and retries the batch after a backoff.
 */
public interface RecordHandler<V> {
    List<Future<?>> handle(String key, V value, Headers headers);

    /** {@link #handle(String, Object, Headers)} for handlers that need to know where the record came from. */
    default List<Future<?>> handle(String key, V value, Headers headers, TopicPartition partition, long offset) {
        return handle(key, value, headers);
    }

    /**
     * The earliest offset of {@code partition} whose effect the handler still holds in memory only (e.g. a
     * SampledData group not yet emitted): the loop never commits past it, and a failed batch rewinds to it.
     */
    default OptionalLong retainFrom(TopicPartition partition) {
        return OptionalLong.empty();
    }

    /** Called on the loop thread after a poll returned nothing (at most every poll timeout). */
    default void onIdle() {
    }

    /** Called before a batch is handled. */
    default void onBatchStart() {
    }

    /** Called after every record of a batch was handled; returns batch-level work to wait for (e.g. a flush). */
    default List<Future<?>> onBatchEnd() {
        return List.of();
    }

    /** Called when a batch's sends failed, before the batch is retried: undo in-memory effects. */
    default void onBatchFailed() {
    }

    /** Called on the loop thread when partitions are assigned, before any of their records is handled. */
    default void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    }

    /** Called on the loop thread when partitions are revoked or lost. */
    default void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    }
}
