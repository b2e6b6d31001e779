package org.rpmpipeline.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.gateway.publish.KafkaPublisher;

/**
 * The gateway's Prometheus metrics, one registry per gateway instance (no global state, so several gateways can
 * share a JVM). Names: {@code rpm_gateway_messages_received_total}, {@code rpm_gateway_readings_accepted_total},
 * {@code rpm_gateway_statuses_accepted_total}, {@code rpm_gateway_rejected_total{reason}} (rejected items: a
 * whole message, or each bad item of a batch), {@code rpm_gateway_dead_letters_total},
 * {@code rpm_gateway_dead_letter_bytes_total}, {@code rpm_gateway_messages_in_flight},
 * {@code rpm_gateway_kafka_send_seconds}, {@code rpm_gateway_kafka_send_failures_total},
 * {@code rpm_gateway_kafka_refused_total}, {@code rpm_gateway_messages_dropped_total},
 * {@code rpm_gateway_handler_failures_total}, {@code rpm_gateway_mqtt_connected},
 * {@code rpm_gateway_device_bindings}; and the Kafka producer's own client metrics ({@code kafka_producer_*}, tagged
 * with its {@code client_id}) once {@link #bindKafkaProducer} is called.
 */
public final class GatewayMetrics implements KafkaPublisher.Listener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter received;
    private final Counter accepted;
    private final Counter statuses;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter deadLetters;
    private final Counter deadLetterBytes;
    private final Timer sendLatency;
    private final Counter sendFailures;
    private final Counter refused;
    private final Counter dropped;
    private final Counter handlerFailures;
    private KafkaClientMetrics producerMetrics;

    public GatewayMetrics() {
        received = Counter.builder("rpm.gateway.messages.received").description("MQTT messages received")
                .register(registry);
        accepted = Counter.builder("rpm.gateway.readings.accepted").description("readings written to Kafka")
                .register(registry);
        statuses = Counter.builder("rpm.gateway.statuses.accepted").description("device statuses written")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("rpm.gateway.rejected")
                    .description("rejected items by reason: a whole message, or each bad item of a batch")
                    .tag("reason", reason.name()).register(registry));
        }
        deadLetters = Counter.builder("rpm.gateway.dead.letters").description("dead letters written, one per message")
                .register(registry);
        deadLetterBytes = Counter.builder("rpm.gateway.dead.letter.bytes")
                .description("bytes of dead-letter records (key, value, headers) handed to Kafka").register(registry);
        // a plain summary (count, sum, max): client-side percentiles cost too much per record at full rate
        sendLatency = Timer.builder("rpm.gateway.kafka.send").description("Kafka send to acknowledgement")
                .register(registry);
        sendFailures = Counter.builder("rpm.gateway.kafka.send.failures").description("failed Kafka sends (retried)")
                .register(registry);
        refused = Counter.builder("rpm.gateway.kafka.refused")
                .description("records Kafka refused for good (not retried; a smaller dead letter written instead)")
                .register(registry);
        dropped = Counter.builder("rpm.gateway.messages.dropped")
                .description("messages acknowledged without any record in Kafka (the smallest dead letter refused)")
                .register(registry);
        handlerFailures = Counter.builder("rpm.gateway.handler.failures")
                .description("messages whose handling failed outside the decoders (acknowledged, logged at ERROR)")
                .register(registry);
    }

    /** Registers the gauges read from the running parts. */
    public void bind(IntSupplier inFlight, BooleanSupplier mqttConnected, IntSupplier bindings) {
        Gauge.builder("rpm.gateway.messages.in.flight", inFlight, s -> s.getAsInt())
                .description("MQTT messages received and not yet acknowledged").strongReference(true)
                .register(registry);
        Gauge.builder("rpm.gateway.mqtt.connected", mqttConnected, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 while connected and subscribed to the MQTT broker").strongReference(true)
                .register(registry);
        Gauge.builder("rpm.gateway.device.bindings", bindings, s -> s.getAsInt())
                .description("device bindings known").strongReference(true).register(registry);
    }

    public void received() {
        received.increment();
    }

    public void outcome(IngestPipeline.Outcome outcome) {
        accepted.increment(outcome.readings().size());
        statuses.increment(outcome.statuses().size());
        outcome.rejected().forEach((reason, count) -> rejected.get(reason).increment(count));
    }

    /** A dead-letter record of {@code bytes} handed to Kafka. */
    public void deadLetter(long bytes) {
        deadLetters.increment();
        deadLetterBytes.increment(bytes);
    }

    public void handlerFailed() {
        handlerFailures.increment();
    }

    public double droppedCount() {
        return dropped.count();
    }

    public double refusedCount() {
        return refused.count();
    }

    public double deadLetterCount() {
        return deadLetters.count();
    }

    public double rejectedCount(RejectReason reason) {
        return rejected.get(reason).count();
    }

    public double acceptedCount() {
        return accepted.count();
    }

    @Override
    public void sent(String topic, long nanos) {
        sendLatency.record(Duration.ofNanos(nanos));
    }

    @Override
    public void failed(String topic, Exception e) {
        sendFailures.increment();
    }

    @Override
    public void refused(String topic, Exception e) {
        refused.increment();
    }

    @Override
    public void dropped() {
        dropped.increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** Serves {@code producer}'s client metrics (send rates, errors, batch sizes, request latency) here too. */
    public synchronized void bindKafkaProducer(Producer<?, ?> producer) {
        if (producerMetrics != null) {
            throw new IllegalStateException("the producer's metrics are already bound");
        }
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
    }

    public synchronized void close() {
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        registry.close();
    }
}
