package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.MqttTopics;
import picocli.CommandLine;

/**
 * {@code ./rpm stack} as a person at the terminal sees it: each step of the start, the running banner, then an
 * alert line as soon as a reading raises one.
 */
@Timeout(420)
class StackCommandIT {
    private static final String DEVICE = "ox-stack-it";
    private static final String PATIENT = "patient-stack-it";
    private static final Pattern MQTT_URL = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void stack_printsEachStepOfItsStart_thenEachAlertAsItFires(@TempDir Path dir) throws Exception {
        Path bindings = Files.writeString(dir.resolve("devices.csv"),
                "deviceId,patientId,validFrom,validTo,kind\n" + DEVICE + "," + PATIENT + ",,,pulse-oximeter\n");
        StringWriter out = new StringWriter();
        StackCommand command = new StackCommand(Settings.of(Map.of()));
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--mqtt-port", "0",
                "--kafka-port", "0", "--http-port", "0", "--gateway-http-port", "0", "--processor-http-port", "0",
                "--bindings", bindings.toString()));
        try {
            await().atMost(Duration.ofSeconds(240))
                    .until(() -> exit.isDone() || out.toString().contains("rpm stack is running"));
            assertThat(exit).as("the stack stopped: %s", out).isNotDone();
            assertThat(out.toString()).containsSubsequence("starting Kafka on a free port", "Kafka (",
                    "starting MQTT broker", "MQTT broker (", "starting stream processor, alert service and gateway",
                    "stream processor ready", "alert service ready", "gateway ready", "rpm stack is running");
            assertThat(out.toString()).doesNotContain("ALERT");

            Matcher mqtt = MQTT_URL.matcher(out.toString());
            assertThat(mqtt.find()).as("MQTT URL in %s", out).isTrue();
            // 85 % is in the spo2-low rule's high band (<= 92 %)
            publish(Integer.parseInt(mqtt.group(1)), "{\"vital\":\"spo2\",\"value\":85,\"unit\":\"%\","
                    + "\"measuredAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}");

            await().atMost(Duration.ofSeconds(120)).until(() -> out.toString().contains(PATIENT));
            assertThat(out.toString().lines().filter(line -> line.contains(PATIENT))).first().asString()
                    .contains("ALERT", "open", "spo2-low");
        } finally {
            command.stop();
        }
        assertThat(exit.get(120, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("stopping...");
    }

    private static void publish(int port, String json) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("stack-it-" + DEVICE).serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        client.connect();
        try {
            client.publishWith().topic(MqttTopics.vitals(DEVICE)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(json.getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            client.disconnect();
        }
    }
}
