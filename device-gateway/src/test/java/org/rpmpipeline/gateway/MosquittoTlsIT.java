package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * The gateway against a real Mosquitto process with TLS (a test CA, the server certificate for 127.0.0.1) and a
 * password file; the hub side is Debian's mosquitto_pub over the same TLS listener.
 */
@Timeout(300)
class MosquittoTlsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path home;

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    }

    private void certificates() throws IOException, InterruptedException {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=rpm-test-ca");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        Files.writeString(home.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
        run("keytool", "-importcert", "-noprompt", "-alias", "rpm-test-ca", "-file", "ca.crt", "-keystore",
                "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        Files.writeString(home.resolve("trust.pass"), "changeit\n");
    }

    @Test
    void readsOverTlsWithAPasswordAndRefusesAWrongPassword() throws Exception {
        boolean tools = MosquittoBroker.binary().isPresent() && Executables.onPath("mosquitto_pub").isPresent()
                && Executables.onPath("mosquitto_passwd").isPresent() && Executables.onPath("openssl").isPresent()
                && Executables.onPath("keytool").isPresent();
        Assumptions.assumeTrue(tools, "needs mosquitto, mosquitto-clients, openssl and keytool:"
                + " apt-get install -y mosquitto mosquitto-clients");
        certificates();
        run(Executables.onPath("mosquitto_passwd").orElseThrow().toString(), "-b", "-c", "passwd", "gateway",
                "gw-secret");
        run(Executables.onPath("mosquitto_passwd").orElseThrow().toString(), "-b", "passwd", "hub", "hub-secret");
        Files.writeString(home.resolve("gateway.pass"), "gw-secret\n");
        Files.writeString(home.resolve("wrong.pass"), "not-the-secret\n");
        Files.writeString(home.resolve("devices.csv"), "deviceId,patientId\ntls-ox-1,patient-tls-1\n");

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                MosquittoBroker mosquitto = MosquittoBroker.start(home, """
                        user root
                        allow_anonymous false
                        password_file ${home}/passwd
                        cafile ${home}/ca.crt
                        certfile ${home}/server.crt
                        keyfile ${home}/server.key
                        """)) {
            String url = "ssl://127.0.0.1:" + mosquitto.port();
            Map<String, String> tls = Map.of(
                    GatewayConfig.MQTT_TRUSTSTORE, home.resolve("trust.p12").toString(),
                    GatewayConfig.MQTT_TRUSTSTORE_PASSWORD_FILE, home.resolve("trust.pass").toString(),
                    GatewayConfig.MQTT_USERNAME, "gateway",
                    GatewayConfig.BINDINGS_FILE, home.resolve("devices.csv").toString());
            Map<String, String> good = new HashMap<>(tls);
            good.put(GatewayConfig.MQTT_PASSWORD_FILE, home.resolve("gateway.pass").toString());
            Map<String, String> wrong = new HashMap<>(tls);
            wrong.put(GatewayConfig.MQTT_PASSWORD_FILE, home.resolve("wrong.pass").toString());

            try (Gateway gateway = new Gateway(GatewaySettings.config(kafka, url, good));
                    Gateway refused = new Gateway(GatewaySettings.config(kafka, url, wrong));
                    TopicTail<Reading> readings = new TopicTail<>(kafka.bootstrapServers(), Topics.READINGS)) {
                gateway.start();
                refused.start();
                await().atMost(WAIT).until(gateway::isReady);

                run(Executables.onPath("mosquitto_pub").orElseThrow().toString(), "-V", "mqttv5", "-q", "1",
                        "-h", "127.0.0.1", "-p", String.valueOf(mosquitto.port()), "--cafile", "ca.crt",
                        "-u", "hub", "-P", "hub-secret", "-t", MqttTopics.vitals("tls-ox-1"),
                        "-m", "{\"vital\":\"heart-rate\",\"value\":64,\"unit\":\"/min\"}");

                List<TopicTail.Item<Reading>> got = readings.await(i -> i.value().deviceId().equals("tls-ox-1"), 1,
                        WAIT);
                assertThat(got.get(0).key()).isEqualTo("patient-tls-1");
                assertThat(refused.readiness()).containsEntry("mqtt", false);
            }
        }
    }
}
