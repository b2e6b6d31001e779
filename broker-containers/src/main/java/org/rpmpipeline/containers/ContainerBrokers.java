package org.rpmpipeline.containers;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.embedded.Brokers;
import org.rpmpipeline.embedded.TopicSetup;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.tinylog.Logger;

/**
 * {@link Brokers} in containers: a Kafka broker ({@link ImageNames#KAFKA}) with the pipeline's topics, three
 * partitions each as on the in-JVM broker, and an MQTT 5 broker of the chosen image. Needs a Docker engine
 * ({@link Docker#available()}), so the tests that use it are enabled by that condition.
 */
public final class ContainerBrokers implements Brokers {
    private static final int MQTT_PORT = 1883;
    private static final int PARTITIONS = 3;
    /** Pulling an image and starting it on a loaded 2-core machine takes minutes, not seconds. */
    private static final Duration STARTUP = Duration.ofMinutes(4);
    /**
     * Mosquitto 2 listens on loopback only and refuses anonymous clients unless told otherwise; the tests'
     * clients are anonymous and come through a mapped port.
     */
    private static final String MOSQUITTO_CONF = """
            listener 1883 0.0.0.0
            allow_anonymous true
            persistence false
            log_dest stdout
            log_type error
            log_type warning
            log_type notice
            """;

    private final KafkaContainer kafka;
    private final GenericContainer<?> mqtt;
    private final MqttBrokerImage image;

    private ContainerBrokers(KafkaContainer kafka, GenericContainer<?> mqtt, MqttBrokerImage image) {
        this.kafka = kafka;
        this.mqtt = mqtt;
        this.image = image;
    }

    /** Starts both containers (in parallel) and creates the topics; stops what started if anything fails. */
    public static ContainerBrokers start(MqttBrokerImage image) {
        ContainerBrokers brokers = new ContainerBrokers(
                new KafkaContainer(ImageNames.KAFKA).withStartupTimeout(STARTUP), mqttContainer(image), image);
        try {
            Startables.deepStart(brokers.kafka, brokers.mqtt).join();
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers());
            TopicSetup.create(admin, Topics.all(), PARTITIONS);
        } catch (RuntimeException e) {
            brokers.close();
            throw e;
        }
        Logger.info("broker containers ready [kafka: {}, mqtt: {}]", brokers.bootstrapServers(), brokers.mqttUrl());
        return brokers;
    }

    private static GenericContainer<?> mqttContainer(MqttBrokerImage image) {
        return switch (image) {
            case MOSQUITTO -> new GenericContainer<>(ImageNames.MOSQUITTO)
                    .withExposedPorts(MQTT_PORT)
                    .withCopyToContainer(Transferable.of(MOSQUITTO_CONF), "/mosquitto/config/mosquitto.conf")
                    .waitingFor(Wait.forLogMessage(".*mosquitto version .* running.*", 1))
                    .withStartupTimeout(STARTUP);
            case HIVEMQ_CE -> new HiveMQContainer(ImageNames.HIVEMQ_CE).withStartupTimeout(STARTUP);
        };
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String mqttHost() {
        return mqtt.getHost();
    }

    @Override
    public int mqttPort() {
        return mqtt.getMappedPort(MQTT_PORT);
    }

    @Override
    public String description() {
        return "Kafka " + ImageNames.KAFKA.getVersionPart() + " and " + image.title() + " in containers";
    }

    @Override
    public void close() {
        mqtt.stop();
        kafka.stop();
    }
}
