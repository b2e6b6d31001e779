package org.rpmpipeline.contract.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.rpmpipeline.contract.config.ConfigException;
import org.tinylog.Logger;

/**
 * Waits for a Kafka cluster to answer before a service builds clients that would otherwise block for a minute
 * each and then fail. While Kafka does not answer, it says so in the log within seconds, naming the bootstrap
 * servers and the reason (connection refused, unknown host, no answer), repeats that every
 * {@value #REMIND_SECONDS} s, and keeps waiting until Kafka answers or the service is stopped.
 */
public final class KafkaReachability {
    /** How long one attempt waits for the cluster to answer. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    /** Pause between attempts. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** How often the warning is repeated while Kafka stays away. */
    static final long REMIND_SECONDS = 30;

    private final Map<String, Object> adminConfig;
    private final String bootstrapServers;
    private final String service;

    /**
     * @param service who is waiting, for the log, e.g. {@code alert service}
     * @param bootstrapServers the cluster
     * @param overrides Kafka client settings passed through (security settings among them)
     */
    public KafkaReachability(String service, String bootstrapServers, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "rpm-reachability");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        this.adminConfig = config;
        this.bootstrapServers = bootstrapServers;
        this.service = service;
    }

    /**
     * Returns true once the cluster answers, false if {@code stop} is released first (the service is closing).
     */
    public boolean await(CountDownLatch stop) {
        long startNanos = System.nanoTime();
        long lastWarnNanos = 0;
        boolean warned = false;
        Admin admin = null;
        try {
            while (stop.getCount() > 0) {
                String failure;
                try {
                    if (admin == null) {
                        admin = Admin.create(adminConfig);
                    }
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ATTEMPT_TIMEOUT.toMillis()))
                            .nodes().get(ATTEMPT_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
                    if (warned) {
                        Logger.info("{} reached Kafka [bootstrap: {}, waited s: {}]", service, bootstrapServers,
                                (System.nanoTime() - startNanos) / 1_000_000_000);
                    }
                    return true;
                } catch (ExecutionException | TimeoutException e) {
                    failure = explain(bootstrapServers, e instanceof ExecutionException ? e.getCause() : e);
                } catch (KafkaException e) {
                    rejectInvalidSettings(e);
                    failure = explain(bootstrapServers, e);
                }
                long now = System.nanoTime();
                if (!warned || now - lastWarnNanos >= TimeUnit.SECONDS.toNanos(REMIND_SECONDS)) {
                    Logger.warn("{} cannot reach Kafka, not ready, retrying [bootstrap: {}, reason: {}, waited s: {}]",
                            service, bootstrapServers, failure, (now - startNanos) / 1_000_000_000);
                    warned = true;
                    lastWarnNanos = now;
                }
                if (stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * One look, for a command that should fail at once rather than wait: empty if the cluster answers within
     * {@code timeout}, else why not, in a few words. When none of the bootstrap servers accepts a connection (a
     * refused connection, an unknown host) it says so without waiting for {@code timeout}.
     *
     * @throws ConfigException if Kafka refuses the client settings themselves
     */
    public Optional<String> check(Duration timeout) {
        if (!anyAcceptsConnections(bootstrapServers)) {
            return Optional.of(explain(bootstrapServers, null));
        }
        try (Admin admin = Admin.create(adminConfig)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of(explain(bootstrapServers, e instanceof ExecutionException ? e.getCause() : e));
        } catch (KafkaException e) {
            rejectInvalidSettings(e);
            return Optional.of(explain(bootstrapServers, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static boolean anyAcceptsConnections(String bootstrapServers) {
        for (String server : bootstrapServers.split(",")) {
            String address = server.trim();
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                return true; // not host:port; the Kafka client will say what is wrong with it
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1))), 1_000);
                return true;
            } catch (IOException | IllegalArgumentException e) {
                // try the next one
            }
        }
        return false;
    }

    /** Kafka refuses the client settings themselves (not an unresolvable host): no retry will help. */
    private static void rejectInvalidSettings(KafkaException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.config.ConfigException invalid
                    && !String.valueOf(invalid.getMessage()).contains("resolvable bootstrap")) {
                throw new ConfigException("invalid Kafka client settings (kafka.* / RPM_KAFKA_PROPERTY_*): "
                        + invalid.getMessage());
            }
        }
    }

    /**
     * Why {@code bootstrapServers} did not answer, in a few words: a TCP connection to the first server tells a
     * refused connection or an unknown host apart from a broker that accepts connections but does not answer
     * (wrong protocol, TLS or SASL settings, still starting).
     */
    public static String explain(String bootstrapServers, Throwable failure) {
        String first = bootstrapServers.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon > 0) {
            String host = first.substring(0, colon);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, Integer.parseInt(first.substring(colon + 1))), 1_000);
            } catch (UnknownHostException e) {
                return "unknown host " + host;
            } catch (IOException | IllegalArgumentException e) {
                return "cannot connect to " + first + ": " + e.getMessage();
            }
        }
        String detail = failure == null || failure.getMessage() == null ? "no answer"
                : failure.getMessage().replaceAll("\\s+", " ");
        return first + " accepts connections but Kafka does not answer (" + detail + ")";
    }
}
