package org.rpmpipeline.demo.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;

/**
 * How far behind the gateway is: reads {@code rpm.readings} from its end and keeps, per second of arrival, the
 * largest delay between a reading's measurement (the simulator's publish time) and its Kafka record time. While
 * the gateway works through a backlog the newest records are old; once it has caught up they are fresh again.
 */
final class ReadingDelay implements AutoCloseable {
    private final KafkaConsumer<String, Reading> consumer;
    private final Thread thread;
    private final AtomicLong windowMax = new AtomicLong(-1);
    private volatile long lastWindowMax = -1;
    private volatile long windowStart = System.currentTimeMillis();

    ReadingDelay(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "rpm-bench-reading-delay-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Topics.READINGS.keySerde().deserializer(), Topics.READINGS.valueSerde().deserializer());
        thread = new Thread(this::run, "rpm-bench-reading-delay");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.READINGS.name()));
            while (true) {
                for (ConsumerRecord<String, Reading> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.value().measuredAt() != null) {
                        long delay = record.timestamp() - record.value().measuredAt().toEpochMilli();
                        windowMax.accumulateAndGet(delay, Math::max);
                    }
                }
                long now = System.currentTimeMillis();
                if (now - windowStart >= 1000) {
                    lastWindowMax = windowMax.getAndSet(-1);
                    windowStart = now;
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The largest delay in ms among the readings that arrived in the last full second, -1 if none arrived. */
    long lastSecondMaxMs() {
        return lastWindowMax;
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5000);
    }
}
