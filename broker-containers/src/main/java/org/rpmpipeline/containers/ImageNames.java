package org.rpmpipeline.containers;

import org.testcontainers.utility.DockerImageName;

/**
 * Every image the Testcontainers tier runs, pinned here and nowhere else. Raise a version here (and in the root
 * README's table) and the whole tier moves with it.
 */
public final class ImageNames {
    /**
     * Apache Kafka's own image, KRaft, one node. Deliberately a release older than the 4.3 clients the services
     * use (the in-JVM broker has their version), so the tier also checks the clients against an older broker.
     */
    public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");

    /** Eclipse Mosquitto 2, a newer release than Debian's 2.0.11 that the Debian interop tests use. */
    public static final DockerImageName MOSQUITTO = DockerImageName.parse("eclipse-mosquitto:2.0.22");

    /** HiveMQ Community Edition as distributed, the same release as the in-JVM broker, with its default config. */
    public static final DockerImageName HIVEMQ_CE = DockerImageName.parse("hivemq/hivemq-ce:2025.5");

    private ImageNames() {
    }
}
