package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.embedded.FreePort;

/**
 * The shipped per-device identity model ({@code deploy/mosquitto}: its configuration, ACL files and certificate
 * script, used as they are apart from paths and ports) on Debian's Mosquitto, end to end through the gateway into
 * Kafka. Devices connect with client certificates from a device CA whose CN is their device id; the gateway reads
 * through its own listener with a certificate from a service CA. A witness subscriber on the service listener sees
 * everything the broker accepts, in the order it accepted it.
 */
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceIdentityIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path DEPLOY = Path.of("..", "deploy", "mosquitto").toAbsolutePath().normalize();
    private static final String PASSWORD = "changeit";

    private Path home;
    private EmbeddedKafka kafka;
    private MosquittoBroker mosquitto;
    private Gateway gateway;
    private int devicePort;
    private int servicePort;

    @BeforeAll
    void startBrokerAndGateway(@TempDir Path dir) throws Exception {
        home = dir;
        boolean tools = MosquittoBroker.binary().isPresent() && Executables.onPath("openssl").isPresent()
                && Executables.onPath("keytool").isPresent();
        Assumptions.assumeTrue(tools, "needs mosquitto, openssl and keytool: apt-get install -y mosquitto openssl");
        issueCertificates();
        devicePort = FreePort.pick();
        servicePort = FreePort.pick();
        Files.writeString(home.resolve("acl-devices"), Files.readString(DEPLOY.resolve("acl-devices")));
        Files.writeString(home.resolve("acl-services"), Files.readString(DEPLOY.resolve("acl-services")));
        Files.writeString(home.resolve("devices.csv"), "deviceId,patientId\ndev-a,patient-a\ndev-b,patient-b\n");

        kafka = EmbeddedKafka.start();
        mosquitto = MosquittoBroker.startConfigured(home, brokerConfig(), devicePort);
        gateway = new Gateway(GatewaySettings.config(kafka, "ssl://127.0.0.1:" + servicePort, Map.of(
                GatewayConfig.MQTT_TRUSTSTORE, home.resolve("service-ca.p12").toString(),
                GatewayConfig.MQTT_TRUSTSTORE_PASSWORD_FILE, home.resolve("store.pass").toString(),
                GatewayConfig.MQTT_KEYSTORE, home.resolve("rpm-gateway.p12").toString(),
                GatewayConfig.MQTT_KEYSTORE_PASSWORD_FILE, home.resolve("store.pass").toString(),
                GatewayConfig.BINDINGS_FILE, home.resolve("devices.csv").toString())));
        gateway.start();
        await().atMost(WAIT).until(gateway::isReady);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aDeviceCannotPublishForAnotherDevice_theBrokerRefusesItAndNothingReachesKafka() throws Exception {
        List<String> witnessed = Collections.synchronizedList(new ArrayList<>());
        Mqtt5BlockingClient witness = client("witness", servicePort, home.resolve("rpm-gateway.p12"));
        witness.toAsync().subscribeWith().topicFilter("rpm/v1/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> witnessed.add(p.getTopic() + " " + StandardCharsets.UTF_8.decode(p.getPayload()
                        .orElseThrow())))
                .send().get(30, TimeUnit.SECONDS);
        Mqtt5BlockingClient deviceA = client("dev-a", devicePort, home.resolve("dev-a.p12"));
        Mqtt5BlockingClient deviceB = client("dev-b", devicePort, home.resolve("dev-b.p12"));
        try {
            // Mosquitto 2.0 answers a denied QoS 1 PUBLISH from an MQTT 5 client with PUBACK 0x87 (not authorized)
            // and drops the message.
            for (String topic : List.of(MqttTopics.vitals("dev-b"), MqttTopics.status("dev-b"),
                    MqttTopics.ble("dev-b", 0x2A37))) {
                assertThat(publish(deviceA, topic, vitals(150))).as(topic)
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            }
            assertThat(publish(deviceA, MqttTopics.vitals("dev-a"), vitals(61)))
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(publish(deviceB, MqttTopics.vitals("dev-b"), vitals(72)))
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

            // Mosquitto handles one packet at a time and delivers to a subscriber in that order: once the witness
            // has device B's own reading, anything the broker had accepted before it would be there too.
            String own = MqttTopics.vitals("dev-b") + " " + vitals(72);
            await().atMost(WAIT).until(() -> witnessed.contains(own));
            assertThat(witnessed).filteredOn(m -> m.startsWith("rpm/v1/dev-b/")).containsExactly(own);
            assertThat(witnessed).contains(MqttTopics.vitals("dev-a") + " " + vitals(61));

            try (TopicTail<Reading> readings = new TopicTail<>(kafka.bootstrapServers(), Topics.READINGS);
                    TopicTail<RejectedMessage> rejected = new TopicTail<>(kafka.bootstrapServers(), Topics.REJECTED);
                    TopicTail<DeviceStatus> statuses = new TopicTail<>(kafka.bootstrapServers(),
                            Topics.DEVICE_STATUS)) {
                assertThat(readings.await(i -> i.value().deviceId().equals("dev-a"), 1, WAIT).get(0).key())
                        .isEqualTo("patient-a");
                readings.await(i -> i.value().deviceId().equals("dev-b"), 1, WAIT);
                assertThat(readings.poll()).filteredOn(i -> i.value().deviceId().equals("dev-b"))
                        .singleElement().satisfies(i -> {
                            assertThat(i.key()).isEqualTo("patient-b");
                            assertThat(i.value().value()).isEqualByComparingTo("72");
                        });
                assertThat(rejected.poll()).noneMatch(i -> "dev-b".equals(i.value().deviceId()));
                assertThat(statuses.poll()).noneMatch(i -> "dev-b".equals(i.key()));
            }
        } finally {
            deviceA.disconnect();
            deviceB.disconnect();
            witness.disconnect();
        }
    }

    @Test
    void aCertificateFromAnUnknownCa_isRefusedAtTheTlsHandshake() {
        // same CN as a registered device, issued by a CA the broker does not trust
        assertRefusedAtHandshake("rogue-dev-a", devicePort, home.resolve("rogue").resolve("dev-a.p12"),
                "certificate verify failed");
    }

    @Test
    void aDeviceCertificate_isRefusedOnTheServiceListener() {
        assertRefusedAtHandshake("dev-a-on-service", servicePort, home.resolve("dev-a.p12"),
                "certificate verify failed");
    }

    @Test
    void aClientWithoutCertificate_isRefusedOnTheDeviceListener() {
        assertRefusedAtHandshake("no-certificate", devicePort, null, "peer did not return a certificate");
    }

    private void assertRefusedAtHandshake(String clientId, int port, Path keystore, String brokerError) {
        int before = occurrences(mosquitto.log(), brokerError);
        assertThatThrownBy(() -> client(clientId, port, keystore)).isInstanceOf(RuntimeException.class);
        await().atMost(WAIT).until(() -> occurrences(mosquitto.log(), brokerError) > before);
        // the broker never got as far as an MQTT session for it
        assertThat(mosquitto.log()).doesNotContain(" as " + clientId + " ");
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private Mqtt5BlockingClient client(String clientId, int port, Path keystore) throws GeneralSecurityException,
            IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(home.resolve("service-ca.p12")));
        MqttClientSslConfigBuilder tls = MqttClientSslConfig.builder().trustManagerFactory(trust);
        if (keystore != null) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore), PASSWORD.toCharArray());
            tls.keyManagerFactory(keys);
        }
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(port).sslConfig(tls.build()).buildBlocking();
        client.connect();
        return client;
    }

    private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** Publishes at QoS 1 and returns the reason code of the PUBACK (the client throws for an error code). */
    private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient client, String topic, String payload) {
        try {
            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static String vitals(int heartRate) {
        return "{\"vital\":\"heart-rate\",\"value\":" + heartRate + ",\"unit\":\"/min\"}";
    }

    /** Certificates made by the shipped script: device CA, service CA, and an unknown CA in {@code rogue/}. */
    private void issueCertificates() throws IOException, InterruptedException {
        Files.writeString(home.resolve("store.pass"), PASSWORD + "\n");
        certs(home, "ca", "device-ca");
        certs(home, "ca", "service-ca");
        certs(home, "server", "service-ca", "server", "IP:127.0.0.1,DNS:localhost");
        for (String device : List.of("dev-a", "dev-b")) {
            certs(home, "client", "device-ca", device);
            certs(home, "keystore", device, "device-ca", "store.pass");
        }
        certs(home, "client", "service-ca", "rpm-gateway");
        certs(home, "keystore", "rpm-gateway", "service-ca", "store.pass");
        certs(home, "truststore", "service-ca", "store.pass");

        Path rogue = Files.createDirectories(home.resolve("rogue"));
        Files.copy(home.resolve("store.pass"), rogue.resolve("store.pass"));
        certs(rogue, "ca", "rogue-ca");
        certs(rogue, "client", "rogue-ca", "dev-a");
        certs(rogue, "keystore", "dev-a", "rogue-ca", "store.pass");
    }

    private static void certs(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", DEPLOY.resolve("certs.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("certs.sh %s: %s", String.join(" ", args), output).isZero();
    }

    /**
     * The shipped mosquitto.conf with this test's folder for /etc/mosquitto/rpm and /var/lib/mosquitto, both
     * listeners on free loopback ports, and (for a root test run, where mosquitto would otherwise switch to a user
     * that cannot read the temporary folder) {@code user root}. Each replacement must apply, so the test fails
     * instead of silently testing something else when the shipped file changes shape.
     */
    private String brokerConfig() throws IOException {
        String config = Files.readString(DEPLOY.resolve("mosquitto.conf"));
        config = replace(config, "/etc/mosquitto/rpm/", home + "/");
        config = replace(config, "persistence_location /var/lib/mosquitto/", "persistence_location " + home + "/");
        config = replace(config, "\nlistener 8883\n", "\nlistener " + devicePort + " 127.0.0.1\n");
        config = replace(config, "\nlistener 8884\n", "\nlistener " + servicePort + " 127.0.0.1\n");
        return "user root\n" + config;
    }

    private static String replace(String text, String from, String to) {
        assertThat(text).as("deploy/mosquitto/mosquitto.conf").contains(from);
        return text.replace(from, to);
    }
}
