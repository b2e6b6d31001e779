package org.rpmpipeline.demo.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.topic.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How soon a freshly started stack turns a reading into a finding: waits until every {@code --ready-url} answers
 * 200 (the services' {@code /health/ready}), publishes one low SpO2 reading for a probe device (bound to its own
 * patient) {@code --delay} later, and waits for the patient's committed finding. Prints the seconds from ready to
 * the finding and exits 1 if that took longer than {@code --max}.
 */
@Command(name = "first-finding", mixinStandardHelpOptions = true,
        description = "Publish a low SpO2 reading for a probe device and time its finding.")
public final class FirstFinding implements Callable<Integer> {
    @Option(names = "--mqtt-url", required = true, description = "MQTT broker, tcp://host:port.")
    String mqttUrl;

    @Option(names = "--kafka-bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--device", required = true, description = "The probe's device id (bound to --patient).")
    String device;

    @Option(names = "--patient", required = true, description = "The patient the probe device is bound to.")
    String patient;

    @Option(names = "--ready-url", required = true, description = "Health URL that answers 200 once ready (repeatable).")
    List<URI> readyUrls;

    @Option(names = "--delay", defaultValue = "1", description = "Seconds between ready and the probe reading (default ${DEFAULT-VALUE}).")
    double delaySeconds;

    @Option(names = "--max", defaultValue = "10", description = "Seconds allowed from ready to the finding (default ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait at most (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FirstFinding()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        long since = awaitReady();
        if (since < 0) {
            out.printf(Locale.ROOT, "the stack was not ready after %d s%n", timeoutSeconds);
            return 1;
        }
        Thread.sleep((long) (delaySeconds * 1000));
        try (KafkaConsumer<String, Finding> findings = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "rpm-bench-first-finding-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.FINDINGS.keySerde().deserializer(), Topics.FINDINGS.valueSerde().deserializer())) {
            findings.subscribe(List.of(Topics.FINDINGS.name()));
            URI broker = URI.create(mqttUrl);
            Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("rpm-bench-first-finding")
                    .serverHost(broker.getHost()).serverPort(broker.getPort()).buildBlocking();
            client.connect();
            String payload = "{\"vital\":\"spo2\",\"value\":85,\"unit\":\"%\",\"measuredAt\":\""
                    + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\"}";
            client.publishWith().topic(MqttTopics.vitals(device)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            client.disconnect();
            double published = (System.currentTimeMillis() - since) / 1000.0;
            long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
            while (System.currentTimeMillis() < deadline) {
                for (var record : findings.poll(Duration.ofMillis(100))) {
                    if (record.value() != null && patient.equals(record.value().patientId())) {
                        double after = (System.currentTimeMillis() - since) / 1000.0;
                        out.printf(Locale.ROOT, "first finding %.1f s after the stack was ready (reading published "
                                + "at %.1f s)%n", after, published);
                        return after <= maxSeconds ? 0 : 1;
                    }
                }
            }
            out.printf(Locale.ROOT, "no finding %d s after the probe reading (published %.1f s after the stack was "
                    + "ready)%n", timeoutSeconds, published);
            return 1;
        }
    }

    /** Epoch ms when every ready URL first answered 200 together, -1 after the timeout. */
    private long awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            boolean all = true;
            for (URI url : readyUrls) {
                try {
                    all &= http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    all = false;
                }
                if (!all) {
                    break;
                }
            }
            if (all) {
                return System.currentTimeMillis();
            }
            Thread.sleep(100);
        }
        return -1;
    }
}
