package org.rpmpipeline.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaPublisherTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AtomicInteger failures = new AtomicInteger();
    private final KafkaPublisher publisher = new KafkaPublisher(producer, Duration.ofMinutes(1),
            new KafkaPublisher.Listener() {
                @Override
                public void sent(String topic, long nanos) {
                }

                @Override
                public void failed(String topic, Exception e) {
                    failures.incrementAndGet();
                }
            });

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
}
