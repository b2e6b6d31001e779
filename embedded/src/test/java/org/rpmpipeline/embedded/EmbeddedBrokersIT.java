package org.rpmpipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;

@Timeout(300)
class EmbeddedBrokersIT {

    @Test
    void kafkaStartsWithEveryCatalogueTopicAndCarriesRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.all().stream().map(Topic::name).toList());

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer());
                    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "embedded-it",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                            new StringDeserializer(), new StringDeserializer())) {
                producer.send(new ProducerRecord<>(Topics.AUDIT.name(), "k", "v")).get();
                consumer.subscribe(List.of(Topics.AUDIT.name()));
                List<String> seen = new CopyOnWriteArrayList<>();
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                    assertThat(seen).containsExactly("v");
                });
            }
        }
    }

    @Test
    void mqttBrokerKeepsABurstLargerThanItsDefaultQueueForAnAbsentPersistentSubscriber() {
        int burst = 3_000;
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            Mqtt5BlockingClient subscriber = Mqtt5Client.builder().serverHost("127.0.0.1")
                    .serverPort(broker.port()).identifier("slow-sub").buildBlocking();
            subscriber.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
            subscriber.subscribeWith().topicFilter("rpm/v1/#").qos(MqttQos.AT_LEAST_ONCE).send();
            subscriber.disconnect();

            Mqtt5BlockingClient publisher = Mqtt5Client.builder().serverHost("127.0.0.1")
                    .serverPort(broker.port()).identifier("burst-pub").buildBlocking();
            publisher.connect();
            for (int i = 0; i < burst; i++) {
                publisher.publishWith().topic("rpm/v1/dev-1/vitals").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(String.valueOf(i).getBytes(StandardCharsets.UTF_8)).send();
            }
            publisher.disconnect();

            Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Mqtt5Client resumed = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(broker.port())
                    .identifier("slow-sub").build();
            resumed.toAsync().publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL,
                    p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
            resumed.toBlocking().connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(received).hasSize(burst));
            resumed.toBlocking().disconnect();
        }
    }

    @Test
    void mqttBrokerKeepsSessionsAndQueuesInMemoryNotOnDisk() {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            Mqtt5BlockingClient subscriber = Mqtt5Client.builder().serverHost("127.0.0.1")
                    .serverPort(broker.port()).identifier("mem-sub").buildBlocking();
            subscriber.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
            subscriber.subscribeWith().topicFilter("$share/g/rpm/v1/#").qos(MqttQos.AT_LEAST_ONCE).send();
            subscriber.disconnect();
            Mqtt5BlockingClient publisher = Mqtt5Client.builder().serverHost("127.0.0.1")
                    .serverPort(broker.port()).identifier("mem-pub").buildBlocking();
            publisher.connect();
            publisher.publishWith().topic("rpm/v1/dev-1/vitals").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("queued".getBytes(StandardCharsets.UTF_8)).send();
            publisher.disconnect();

            // HiveMQ's disk persistence keeps its stores under persistence/ in the data folder
            assertThat(broker.home().resolve("persistence")).doesNotExist();
        }
    }

    @Test
    void mqttBrokerDeliversQos1ToASharedSubscription() {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            Mqtt5BlockingClient subscriber = Mqtt5Client.builder().serverHost("127.0.0.1")
                    .serverPort(broker.port()).identifier("sub").buildBlocking();
            Mqtt5BlockingClient publisher = Mqtt5Client.builder().serverHost("127.0.0.1")
                    .serverPort(broker.port()).identifier("pub").buildBlocking();
            subscriber.connect();
            publisher.connect();
            List<String> received = new CopyOnWriteArrayList<>();
            subscriber.toAsync().subscribeWith().topicFilter("$share/g/rpm/v1/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                    .send().join();
            publisher.publishWith().topic("rpm/v1/dev-1/vitals").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("hello".getBytes(StandardCharsets.UTF_8)).send();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received).containsExactly("hello"));
            publisher.disconnect();
            subscriber.disconnect();
        }
    }
}
