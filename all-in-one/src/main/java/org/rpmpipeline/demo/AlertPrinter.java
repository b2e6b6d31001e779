package org.rpmpipeline.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * Prints {@code ./rpm stack}'s alerts to its terminal as they open, change severity, are acknowledged or
 * resolved (not every merged finding), read from {@code rpm.alerts} from the time it starts: the stack logs at
 * WARN, so the console notification channel's INFO lines do not show there.
 */
final class AlertPrinter implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final KafkaConsumer<String, byte[]> consumer;
    private final PrintStream out;
    private final Map<String, String> lastShown = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    AlertPrinter(String bootstrapServers, PrintStream out) {
        this.out = out;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        thread = new Thread(this::run, "rpm-stack-alerts");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        print(Topics.ALERTS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            Logger.error("stack alert printer stopped [exception: {}]", e.getClass().getName());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void print(Alert alert) {
        String shown = alert.state().code() + "/" + alert.severity().code();
        if (shown.equals(lastShown.get(alert.alertId()))) {
            return;
        }
        boolean raised = lastShown.containsKey(alert.alertId()) && alert.state() == AlertState.OPEN;
        if (alert.state() == AlertState.RESOLVED) {
            lastShown.remove(alert.alertId());
        } else {
            lastShown.put(alert.alertId(), shown);
        }
        String event = raised ? "raised" : alert.state().code();
        String by = alert.state() == AlertState.OPEN || alert.actor() == null ? "" : " by " + alert.actor();
        out.printf("[%s] ALERT %-12s %-8s %-22s %-14s %s%s%n",
                TIME.format(LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)), event,
                alert.severity().code(), alert.ruleId(), alert.patientId(),
                alert.summary() == null ? "" : alert.summary(), by);
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
