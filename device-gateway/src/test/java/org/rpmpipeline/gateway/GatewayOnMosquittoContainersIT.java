package org.rpmpipeline.gateway;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;
import org.rpmpipeline.containers.ContainerBrokers;
import org.rpmpipeline.containers.Docker;
import org.rpmpipeline.containers.MqttBrokerImage;
import org.rpmpipeline.embedded.Brokers;

/** {@link GatewayScenarios} on Kafka and Eclipse Mosquitto in containers (the Testcontainers tier). */
@Tag(Docker.TAG)
@EnabledIf(value = Docker.AVAILABLE, disabledReason = Docker.SKIP_REASON)
class GatewayOnMosquittoContainersIT extends GatewayScenarios {

    @Override
    protected Brokers startBrokers() {
        return ContainerBrokers.start(MqttBrokerImage.MOSQUITTO);
    }
}
