package org.rpmpipeline.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.gateway.publish.KafkaPublisher;

/**
 * The gateway's Prometheus metrics, one registry per gateway instance (no global state, so several gateways can
 * share a JVM). Names: {@code rpm_gateway_messages_received_total}, {@code rpm_gateway_readings_accepted_total},
 * {@code rpm_gateway_statuses_accepted_total}, {@code rpm_gateway_rejected_total{reason}},
 * {@code rpm_gateway_messages_in_flight}, {@code rpm_gateway_kafka_send_seconds},
 * {@code rpm_gateway_kafka_send_failures_total}, {@code rpm_gateway_mqtt_connected},
 * {@code rpm_gateway_device_bindings}.
 */
public final class GatewayMetrics implements KafkaPublisher.Listener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter received;
    private final Counter accepted;
    private final Counter statuses;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Timer sendLatency;
    private final Counter sendFailures;

    public GatewayMetrics() {
        received = Counter.builder("rpm.gateway.messages.received").description("MQTT messages received")
                .register(registry);
        accepted = Counter.builder("rpm.gateway.readings.accepted").description("readings written to Kafka")
                .register(registry);
        statuses = Counter.builder("rpm.gateway.statuses.accepted").description("device statuses written")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("rpm.gateway.rejected").description("dead letters by reason")
                    .tag("reason", reason.name()).register(registry));
        }
        // a plain summary (count, sum, max): client-side percentiles cost too much per record at full rate
        sendLatency = Timer.builder("rpm.gateway.kafka.send").description("Kafka send to acknowledgement")
                .register(registry);
        sendFailures = Counter.builder("rpm.gateway.kafka.send.failures").description("failed Kafka sends (retried)")
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
        outcome.rejections().forEach(r -> rejected.get(r.reason()).increment());
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

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public void close() {
        registry.close();
    }
}
