package org.rpmpipeline.embedded;

/** {@link Brokers} started in this JVM: the embedded Kafka and HiveMQ CE brokers. */
record InJvmBrokers(EmbeddedKafka kafka, EmbeddedMqttBroker mqtt) implements Brokers {

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
        return "in-JVM Kafka and HiveMQ CE";
    }

    @Override
    public void close() {
        mqtt.close();
        kafka.close();
    }
}
