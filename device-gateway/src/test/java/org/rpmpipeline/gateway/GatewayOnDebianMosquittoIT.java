package org.rpmpipeline.gateway;

import org.junit.jupiter.api.Assumptions;
import org.rpmpipeline.embedded.Brokers;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * {@link GatewayScenarios} on the in-JVM Kafka and Debian's Mosquitto: the shared scenarios against a second MQTT
 * broker implementation without Docker, skipped where the {@code mosquitto} binary is absent.
 */
class GatewayOnDebianMosquittoIT extends GatewayScenarios {

    @Override
    protected Brokers startBrokers() {
        Assumptions.assumeTrue(MosquittoBroker.binary().isPresent(),
                "mosquitto is not on PATH: install it with apt-get install -y mosquitto");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            return new DebianMosquittoBrokers(kafka, MosquittoBroker.startPlain());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    private record DebianMosquittoBrokers(EmbeddedKafka kafka, MosquittoBroker mqtt) implements Brokers {
        @Override
        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        @Override
        public String mqttHost() {
            return "127.0.0.1";
        }

        @Override
        public int mqttPort() {
            return mqtt.port();
        }

        @Override
        public String description() {
            return "in-JVM Kafka and Debian's Mosquitto";
        }

        @Override
        public void close() {
            mqtt.close();
            kafka.close();
        }
    }
}
