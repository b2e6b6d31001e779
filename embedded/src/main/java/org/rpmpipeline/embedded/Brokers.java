package org.rpmpipeline.embedded;

/**
 * The two brokers an integration test talks to, Kafka with the pipeline's topics and an MQTT 5 broker, wherever
 * they run: in this JVM ({@link #inJvm()}) or in containers (the {@code broker-containers} test tier). Scenarios
 * written against this run unchanged on either. Closing stops what was started for the test.
 */
public interface Brokers extends AutoCloseable {

    /** {@code host:port} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** The host MQTT clients on this machine connect to. */
    String mqttHost();

    int mqttPort();

    /** {@code tcp://host:port}, for the gateway's {@code rpm.mqtt.url}. */
    default String mqttUrl() {
        return "tcp://" + mqttHost() + ":" + mqttPort();
    }

    /** What the brokers are, for test names and failure messages, e.g. {@code in-JVM Kafka and HiveMQ CE}. */
    String description();

    @Override
    void close();

    /** Kafka (KRaft) and HiveMQ CE started in this JVM on free ports, the pipeline's topics created. */
    static Brokers inJvm() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            return new InJvmBrokers(kafka, EmbeddedMqttBroker.start());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }
}
