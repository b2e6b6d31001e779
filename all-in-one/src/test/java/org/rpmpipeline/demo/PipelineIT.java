package org.rpmpipeline.demo;

import org.rpmpipeline.embedded.Brokers;

/**
 * {@link PipelineScenarios} on Kafka (KRaft) and HiveMQ CE inside the test JVM: the default tier, no Docker
 * needed. The stack runs on them exactly as the Testcontainers tier runs it on brokers in containers
 * ({@link EmbeddedStack#startOn}); {@code StackHttpIT} and {@code News2EndToEndIT} cover the stack starting its own.
 */
class PipelineIT extends PipelineScenarios {

    @Override
    protected Brokers startBrokers() {
        return Brokers.inJvm();
    }
}
