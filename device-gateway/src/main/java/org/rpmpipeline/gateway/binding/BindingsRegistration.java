package org.rpmpipeline.gateway.binding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.gateway.GatewayConfig.KafkaSettings;
import org.rpmpipeline.gateway.publish.KafkaPublisher;
import org.rpmpipeline.gateway.publish.OutboundRecords;

/**
 * Writes the bindings of a file to {@code rpm.devices} and waits until Kafka has every one: what the gateway does
 * at start with {@code rpm.gateway.bindings-file}, as a step of its own ({@code gateway register}), so it can run
 * under a registration principal and the gateway's principal needs no write access to the device topic.
 */
public final class BindingsRegistration {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BindingsRegistration() {
    }

    /**
     * Returns how many bindings were written.
     *
     * @throws org.rpmpipeline.contract.config.ConfigException if the file cannot be read (naming every bad line)
     * @throws IllegalStateException if Kafka does not take every binding (e.g. not authorized)
     */
    public static int register(KafkaSettings kafka, Path file) {
        return register(kafka, BindingsFile.read(file));
    }

    /**
     * Writes {@code bindings} (already read and checked) and returns how many were written.
     *
     * @throws IllegalStateException if Kafka does not take every binding (e.g. not authorized)
     */
    public static int register(KafkaSettings kafka, List<DeviceBinding> bindings) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaPublisher.createProducer(kafka.bootstrapServers(),
                "rpm-register", kafka.overrides())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (DeviceBinding binding : bindings) {
                sent.add(producer.send(OutboundRecords.binding(binding)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing bindings to Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot write " + bindings.size() + " bindings to Kafka: "
                    + cause.getMessage(), cause);
        }
        return bindings.size();
    }
}
