package org.rpmpipeline.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.config.ConfigException;

class KafkaReachabilityTest {

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void refusedConnection_isExplainedAsSuch() throws Exception {
        int port = closedPort();

        assertThat(KafkaReachability.explain("127.0.0.1:" + port, null))
                .startsWith("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void listenerThatIsNotKafka_isExplainedAsNotAnswering() throws Exception {
        try (ServerSocket notKafka = new ServerSocket(0)) {
            assertThat(KafkaReachability.explain("127.0.0.1:" + notKafka.getLocalPort(), null))
                    .contains("accepts connections but Kafka does not answer");
        }
    }

    @Test
    @Timeout(60)
    void waitsWhileKafkaIsAway_andStopsWhenTheServiceCloses() throws Exception {
        KafkaReachability reachability = new KafkaReachability("test service", "127.0.0.1:" + closedPort(),
                Map.of());
        CountDownLatch stop = new CountDownLatch(1);

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> reachability.await(stop));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> !waiting.isDone());
        stop.countDown();

        assertThat(waiting.get()).isFalse();
    }

    @Test
    @Timeout(60)
    void check_refusedConnection_answersAtOnceWithTheReason() throws Exception {
        int port = closedPort();
        KafkaReachability reachability = new KafkaReachability("test", "127.0.0.1:" + port, Map.of());

        assertThat(reachability.check(Duration.ofMinutes(5))).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("cannot connect to 127.0.0.1:" + port));
    }

    @Test
    @Timeout(60)
    void check_listenerThatIsNotKafka_isNotAnAnswer() throws Exception {
        try (ServerSocket notKafka = new ServerSocket(0)) {
            KafkaReachability reachability = new KafkaReachability("test", "127.0.0.1:" + notKafka.getLocalPort(),
                    Map.of());

            assertThat(reachability.check(Duration.ofSeconds(2))).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("accepts connections but Kafka does not answer"));
        }
    }

    @Test
    void invalidClientSettings_areAConfigurationError() {
        KafkaReachability reachability = new KafkaReachability("test service", "127.0.0.1:9",
                Map.of("security.protocol", "CARRIER_PIGEON"));

        assertThatThrownBy(() -> reachability.await(new CountDownLatch(1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid Kafka client settings");
    }
}
