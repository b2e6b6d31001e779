package org.rpmpipeline.gateway.binding;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * The device → patient bindings, read from the compacted {@code rpm.devices} topic from the beginning on its own
 * thread and kept in memory; a tombstone (null value) removes a device. Every gateway replica reads every
 * partition (no consumer group), so each one knows every device. {@link #caughtUp()} turns true once the
 * end offsets seen at start have been read: before that an unknown device may just not be loaded yet, so the
 * gateway is not ready.
 */
public final class DeviceRegistry implements DeviceLookup, AutoCloseable {
    private final Map<String, Object> consumerConfig;
    private final Map<String, DeviceBinding> bindings = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CompletableFuture<Void> caughtUpFuture = new CompletableFuture<>();
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public DeviceRegistry(String bootstrapServers, String clientId, Map<String, String> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig = config;
    }

    /** Starts reading on a daemon thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "rpm-gateway-device-registry");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Optional<DeviceBinding> find(String deviceId) {
        return Optional.ofNullable(bindings.get(deviceId));
    }

    /** True once everything on the topic at start has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Completes when the registry first catches up. */
    public CompletableFuture<Void> whenCaughtUp() {
        return caughtUpFuture;
    }

    public int size() {
        return bindings.size();
    }

    private void run() {
        while (stopping.getCount() > 0) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (stopping.getCount() == 0) {
                    return;
                }
                consume(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                Logger.warn("device registry cannot read the device topic, retrying [error: {}]", e.toString());
                awaitStop(Duration.ofSeconds(2));
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(Topics.DEVICES.name(), Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.DEVICES.name() + " has no partitions");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = caughtUp ? Map.of() : c.endOffsets(partitions, Duration.ofSeconds(30));
        while (stopping.getCount() > 0) {
            for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(500))) {
                apply(record);
            }
            if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                caughtUp = true;
                Logger.info("device registry caught up [bindings: {}]", bindings.size());
                caughtUpFuture.complete(null);
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String deviceId = record.key() == null ? null
                : Topics.DEVICES.keySerde().deserializer().deserialize(record.topic(), record.key());
        if (deviceId == null) {
            Logger.warn("device binding without a key ignored [partition: {}, offset: {}]", record.partition(),
                    record.offset());
            return;
        }
        if (record.value() == null) {
            bindings.remove(deviceId);
            Logger.debug("device binding removed [device: {}]", deviceId);
            return;
        }
        try {
            DeviceBinding binding = Topics.DEVICES.valueSerde().deserializer().deserialize(record.topic(),
                    record.value());
            if (!binding.deviceId().equals(deviceId)) {
                Logger.warn("device binding whose key differs from its deviceId ignored [key: {}, offset: {}]",
                        deviceId, record.offset());
                return;
            }
            bindings.put(deviceId, binding);
            Logger.debug("device binding loaded [device: {}]", deviceId);
        } catch (RuntimeException e) {
            Logger.warn("undecodable device binding ignored [key: {}, partition: {}, offset: {}, error: {}]",
                    deviceId, record.partition(), record.offset(), e.getMessage());
        }
    }

    private void awaitStop(Duration timeout) {
        try {
            stopping.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
