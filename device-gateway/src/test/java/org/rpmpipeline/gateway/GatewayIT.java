package org.rpmpipeline.gateway;

import org.rpmpipeline.embedded.Brokers;

/** {@link GatewayScenarios} on Kafka and HiveMQ CE inside the test JVM: the default tier, no Docker needed. */
class GatewayIT extends GatewayScenarios {

    @Override
    protected Brokers startBrokers() {
        return Brokers.inJvm();
    }
}
