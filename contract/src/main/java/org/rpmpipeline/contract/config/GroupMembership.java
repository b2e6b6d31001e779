package org.rpmpipeline.contract.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How a service's Kafka consumers hold their group membership, read from {@code <prefix>.instance-id} and
 * {@code <prefix>.session-timeout}.
 *
 * <p>With an instance id the consumers are static members ({@code group.instance.id}): a process that restarts
 * with the same id takes its partitions back at once, without a rebalance and without waiting for its old session
 * to expire. Without one, a restarted process joins as a new member and its predecessor's partitions stay
 * assigned to the dead member until the session timeout passes, which is also how long a crashed static member
 * that never comes back holds its partitions.
 *
 * @param instanceId the static membership id, unique among the live instances of the service
 * @param sessionTimeout how long the group coordinator waits for heartbeats before it drops a member
 */
public record GroupMembership(Optional<String> instanceId, Duration sessionTimeout) {
    /** The default session timeout: a third of Kafka's 45 s default, still 5 heartbeats. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(15);
    /** The brokers' default bounds ({@code group.min/max.session.timeout.ms}). */
    public static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    public static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

    private static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public GroupMembership {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    }

    /** Dynamic membership with the default session timeout. */
    public static GroupMembership dynamic() {
        return new GroupMembership(Optional.empty(), DEFAULT_SESSION_TIMEOUT);
    }

    /** Reads {@code <prefix>.instance-id} and {@code <prefix>.session-timeout}, e.g. prefix {@code rpm.processor}. */
    public static GroupMembership from(Settings settings, String prefix) {
        String idKey = instanceIdKey(prefix);
        String timeoutKey = sessionTimeoutKey(prefix);
        Optional<String> instanceId = settings.raw(idKey);
        if (instanceId.isPresent() && !INSTANCE_ID.matcher(instanceId.get()).matches()) {
            throw Settings.invalid(idKey, "must be 1-200 letters, digits, '.', '_' or '-'", instanceId.get());
        }
        Duration timeout = settings.duration(timeoutKey, DEFAULT_SESSION_TIMEOUT);
        if (timeout.compareTo(MIN_SESSION_TIMEOUT) < 0 || timeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            throw Settings.invalid(timeoutKey, "must be between 6s and 30m", settings.raw(timeoutKey).orElse(""));
        }
        return new GroupMembership(instanceId, timeout);
    }

    public static String instanceIdKey(String prefix) {
        return prefix + ".instance-id";
    }

    public static String sessionTimeoutKey(String prefix) {
        return prefix + ".session-timeout";
    }

    /**
     * The consumer settings: {@code session.timeout.ms}, a heartbeat interval of a third of it (at most 3 s, Kafka's
     * default), and {@code group.instance.id} when an instance id is set.
     */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeatInterval().toMillis());
        instanceId.ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return props;
    }

    /** A third of the session timeout, at most 3 s. */
    public Duration heartbeatInterval() {
        Duration third = sessionTimeout.dividedBy(3);
        return third.compareTo(MAX_HEARTBEAT_INTERVAL) > 0 ? MAX_HEARTBEAT_INTERVAL : third;
    }

    @Override
    public String toString() {
        return "GroupMembership[" + instanceId.map(id -> "static, instance id " + id).orElse("dynamic")
                + ", sessionTimeout=" + sessionTimeout + "]";
    }
}
