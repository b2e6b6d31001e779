package org.rpmpipeline.containers;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is reachable, asked once per JVM, with the one line that explains a skip. A test class of
 * the Testcontainers tier carries
 * <pre>
 * &#64;Tag(Docker.TAG)
 * &#64;EnabledIf(value = Docker.AVAILABLE, disabledReason = Docker.SKIP_REASON)
 * </pre>
 * so it runs where an engine is reachable and is reported as skipped, with the reason, where none is;
 * {@code -Dgroups=containers} runs the tier alone and {@code -DexcludedGroups=containers} leaves it out.
 */
public final class Docker {
    /** The JUnit tag of the Testcontainers tier. */
    public static final String TAG = "containers";
    /** {@link #available()} as JUnit's {@code @EnabledIf} names it. */
    public static final String AVAILABLE = "org.rpmpipeline.containers.Docker#available";
    /** Why the tier is skipped; JUnit reports it on every skipped class. */
    public static final String SKIP_REASON = "no Docker engine reachable (Testcontainers tried DOCKER_HOST,"
            + " ~/.testcontainers.properties and /var/run/docker.sock): the Testcontainers tier is skipped;"
            + " the same scenarios run on the in-JVM brokers";

    private static Boolean available;

    private Docker() {
    }

    /**
     * True when Testcontainers finds a Docker engine. When it does not, prints {@link #SKIP_REASON} once on
     * standard error, so a build log says why the tier did not run.
     */
    public static synchronized boolean available() {
        if (available == null) {
            available = DockerClientFactory.instance().isDockerAvailable();
            if (!available) {
                System.err.println("[broker-containers] " + SKIP_REASON);
            }
        }
        return available;
    }
}
