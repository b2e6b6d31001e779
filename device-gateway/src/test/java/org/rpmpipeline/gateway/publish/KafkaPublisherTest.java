package org.rpmpipeline.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaPublisherTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final KafkaPublisher publisher = new KafkaPublisher(producer, Duration.ofMinutes(1),
            new KafkaPublisher.Listener() {
                @Override
                public void sent(String topic, long nanos) {
                }

                @Override
                public void failed(String topic, Exception e) {
                    failures.incrementAndGet();
                }

                @Override
                public void refused(String topic, Exception e) {
                    refusals.incrementAndGet();
                }

                @Override
                public void dropped() {
                    drops.incrementAndGet();
                }
            });

    /** Level 1: a dead letter; level 2: nothing. */
    private static final KafkaPublisher.Fallback ONE_DEAD_LETTER = (level, refusal) -> level == 1
            ? Optional.of(List.of(new ProducerRecord<>("rpm.rejected", "k".getBytes(), "dead".getBytes())))
            : Optional.empty();

    @AfterEach
    void close() {
        publisher.close(Duration.ofSeconds(1));
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>("rpm.readings", "k".getBytes(), value.getBytes());
    }

    @Test
    void acknowledgesOnlyWhenEveryRecordOfTheMessageIsWritten() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a"), record("b")), acks::incrementAndGet);

        assertThat(producer.completeNext()).isTrue();
        assertThat(acks).hasValue(0);
        assertThat(publisher.pending()).isEqualTo(1);
        assertThat(producer.completeNext()).isTrue();
        assertThat(acks).hasValue(1);
        assertThat(publisher.pending()).isZero();
    }

    @Test
    void retriesAFailedRecordAndNeverAcknowledgesBeforeItIsWritten() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a")), acks::incrementAndGet);

        assertThat(producer.errorNext(new TimeoutException("Kafka is away"))).isTrue();
        assertThat(acks).hasValue(0);
        assertThat(publisher.healthy()).isFalse();
        assertThat(failures).hasValue(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        assertThat(producer.completeNext()).isTrue();
        assertThat(acks).hasValue(1);
        assertThat(publisher.healthy()).isTrue();
    }

    @Test
    void acknowledgesAMessageWithNothingToWriteAtOnce() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(), acks::incrementAndGet);

        assertThat(acks).hasValue(1);
    }

    @Test
    void reportsAStalledSendAsUnhealthy() {
        KafkaPublisher stalled = new KafkaPublisher(producer, Duration.ofMillis(50), new KafkaPublisher.Listener() {
            @Override
            public void sent(String topic, long nanos) {
            }

            @Override
            public void failed(String topic, Exception e) {
            }
        });
        try {
            assertThat(stalled.healthy()).isTrue();
            stalled.publish(List.of(record("a")), () -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> !stalled.healthy());
            producer.completeNext();
            assertThat(stalled.healthy()).isTrue();
        } finally {
            stalled.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void neverRetriesARecordKafkaRefusesForGoodAndWritesTheFallbackInstead() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("huge")), ONE_DEAD_LETTER, acks::incrementAndGet);

        assertThat(producer.errorNext(new RecordTooLargeException("too large"))).isTrue();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("rpm.readings",
                "rpm.rejected");
        assertThat(acks).hasValue(0);
        assertThat(producer.completeNext()).isTrue();

        assertThat(acks).hasValue(1);
        assertThat(refusals).hasValue(1);
        assertThat(failures).hasValue(0);
        assertThat(publisher.pending()).isZero();
        assertThat(publisher.healthy()).isTrue();
    }

    @Test
    void fallsBackOnlyOnceEveryRecordOfTheMessageIsSettled() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a"), record("b")), ONE_DEAD_LETTER, acks::incrementAndGet);

        assertThat(producer.errorNext(new InvalidRecordException("invalid"))).isTrue();
        assertThat(producer.history()).hasSize(2);
        assertThat(producer.completeNext()).isTrue();
        assertThat(producer.history()).hasSize(3);
        assertThat(acks).hasValue(0);
        assertThat(producer.completeNext()).isTrue();

        assertThat(acks).hasValue(1);
    }

    @Test
    void givesTheMessageUpWhenKafkaRefusesEvenItsSmallestDeadLetter() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a")), ONE_DEAD_LETTER, acks::incrementAndGet);

        assertThat(producer.errorNext(new RecordTooLargeException("too large"))).isTrue();
        assertThat(producer.errorNext(new RecordTooLargeException("still too large"))).isTrue();

        assertThat(acks).hasValue(1);
        assertThat(drops).hasValue(1);
        assertThat(producer.history()).hasSize(2);
        assertThat(publisher.pending()).isZero();
    }

    @Test
    void givesUpARefusedRecordWithoutFallbackAtOnce() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a")), acks::incrementAndGet);

        assertThat(producer.errorNext(new SerializationException("cannot serialize"))).isTrue();

        assertThat(acks).hasValue(1);
        assertThat(drops).hasValue(1);
    }

    @Test
    void writesAMessageTheGatewayMayNotWriteToItsTopicAsADeadLetter() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a")), ONE_DEAD_LETTER, acks::incrementAndGet);

        assertThat(producer.errorNext(new TopicAuthorizationException(Set.of("rpm.readings")))).isTrue();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("rpm.readings",
                "rpm.rejected");
        assertThat(producer.completeNext()).isTrue();

        assertThat(acks).hasValue(1);
        assertThat(drops).hasValue(0);
    }

    @Test
    void retriesTheLastDeadLetterWhenTheGatewayMayNotWriteTheDeadLetterTopic() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a")), ONE_DEAD_LETTER, acks::incrementAndGet);

        assertThat(producer.errorNext(new TopicAuthorizationException(Set.of("rpm.readings")))).isTrue();
        assertThat(producer.errorNext(new TopicAuthorizationException(Set.of("rpm.rejected")))).isTrue();
        assertThat(acks).hasValue(0);
        assertThat(publisher.healthy()).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 3);
        assertThat(producer.history().get(2).topic()).isEqualTo("rpm.rejected");
        assertThat(producer.completeNext()).isTrue();
        assertThat(acks).hasValue(1);
        assertThat(drops).hasValue(0);
        assertThat(publisher.healthy()).isTrue();
    }

    @Test
    void retriesAFailedLoginLikeAnUnreachableKafka() {
        AtomicInteger acks = new AtomicInteger();
        publisher.publish(List.of(record("a")), ONE_DEAD_LETTER, acks::incrementAndGet);

        assertThat(producer.errorNext(new SaslAuthenticationException("bad secret"))).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        assertThat(producer.history().get(1).topic()).isEqualTo("rpm.readings");
        assertThat(refusals).hasValue(0);
        assertThat(failures).hasValue(1);
        assertThat(producer.completeNext()).isTrue();
        assertThat(acks).hasValue(1);
    }

    @Test
    void classifiesARefusalThrownBySendItself() {
        AtomicInteger acks = new AtomicInteger();
        producer.sendException = new RecordTooLargeException("too large");
        publisher.publish(List.of(record("a")), (level, refusal) -> {
            producer.sendException = null;
            return ONE_DEAD_LETTER.records(level, refusal);
        }, acks::incrementAndGet);

        assertThat(producer.completeNext()).isTrue();

        assertThat(acks).hasValue(1);
        assertThat(refusals).hasValue(1);
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("rpm.rejected");
    }
}
