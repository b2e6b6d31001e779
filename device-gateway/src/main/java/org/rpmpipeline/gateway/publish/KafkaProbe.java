package org.rpmpipeline.gateway.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.rpmpipeline.contract.kafka.KafkaReachability;
import org.tinylog.Logger;

/**
 * Asks the Kafka cluster for its nodes every few seconds, so the gateway turns not ready when Kafka is away even
 * while no message is being written (a failing or stalled write is the publisher's own signal).
 */
public final class KafkaProbe implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final String bootstrapServers;
    private final ScheduledExecutorService scheduler;
    private volatile boolean reachable = true;

    public KafkaProbe(String bootstrapServers, String clientId, Map<String, String> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(config);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpm-gateway-kafka-probe");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::probe, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis())).nodes()
                    .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            if (!reachable) {
                Logger.info("Kafka reachable again");
            }
            reachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (reachable) {
                Logger.warn("Kafka not reachable, gateway not ready [bootstrap: {}, reason: {}]", bootstrapServers,
                        KafkaReachability.explain(bootstrapServers,
                                e instanceof ExecutionException ? e.getCause() : e));
            }
            reachable = false;
        }
    }

    /** False once a cluster request has failed, until one succeeds again. */
    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
