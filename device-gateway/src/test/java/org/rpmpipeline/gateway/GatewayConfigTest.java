package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.gateway.decode.JsonLimits;

class GatewayConfigTest {

    @Test
    void defaultsNeedNoKeys() {
        GatewayConfig config = GatewayConfig.from(Settings.of(Map.of()));

        assertThat(config.mqtt().url()).hasToString("tcp://localhost:1883");
        assertThat(config.mqtt().shareGroup()).isEqualTo("rpm-gateway");
        assertThat(config.mqtt().clientId()).startsWith("rpm-gateway-");
        assertThat(config.mqtt().subscriptionFilter()).isEqualTo("$share/rpm-gateway/rpm/v1/#");
        assertThat(config.mqtt().maxInFlight()).isEqualTo(1000);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.bindingsFile()).isNull();
        assertThat(config.input().maxMessageBytes()).isEqualTo(256 * 1024);
        assertThat(config.maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.plausibility().rangeOf(VitalType.SPO2)).isPresent();
        assertThat(config.workerThreads())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)).isPositive();
        assertThat(GatewayConfig.from(Settings.of(Map.of(GatewayConfig.WORKER_THREADS, "3"))).workerThreads())
                .isEqualTo(3);
    }

    @Test
    void readsEnvironmentStyleKeys() {
        GatewayConfig config = GatewayConfig.from(Settings.of(Map.of(
                "RPM_MQTT_URL", "tcp://broker:1884",
                "RPM_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "RPM_GATEWAY_CLIENT_ID", "gw-1",
                "RPM_GATEWAY_SHARE_GROUP", "ingest",
                "RPM_GATEWAY_HTTP_PORT", "-1",
                "RPM_GATEWAY_MAX_IN_FLIGHT", "50",
                "RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SSL")));

        assertThat(config.mqtt().url()).hasToString("tcp://broker:1884");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(config.mqtt().clientId()).isEqualTo("gw-1");
        assertThat(config.mqtt().subscriptionFilter()).isEqualTo("$share/ingest/rpm/v1/#");
        assertThat(config.httpPort()).isEqualTo(-1);
        assertThat(config.mqtt().maxInFlight()).isEqualTo(50);
        assertThat(config.kafka().overrides()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void rejectsAnMqttUrlWithAnotherScheme() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.mqtt.url", "http://broker:1883"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_MQTT_URL");
    }

    @Test
    void rejectsAnHttpPortOutOfRange() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.http-port", "70000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_HTTP_PORT");
    }

    @Test
    void rejectsAShareGroupWithAWildcard() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.share-group", "a/b"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_SHARE_GROUP");
    }

    @Test
    void rejectsAClientIdWithSpaces() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.client-id", "gw 1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_CLIENT_ID");
    }

    @Test
    void rejectsAPayloadLimitAboveTheCeiling() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.max-payload-bytes", "9999999"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_MAX_PAYLOAD_BYTES");
    }

    @Test
    void rejectsANonNumericMaxInFlight() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.max-in-flight", "lots"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_MAX_IN_FLIGHT");
    }

    @Test
    void rejectsAMissingBindingsFile() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.bindings-file", "/no/such.csv"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_BINDINGS_FILE");
    }

    @Test
    void rejectsAZeroShutdownTimeout() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.shutdown-timeout", "0s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_SHUTDOWN_TIMEOUT");
    }

    @Test
    void rejectsAKeystoreWithoutTls(@TempDir Path dir) throws IOException {
        Path store = Files.writeString(dir.resolve("client.p12"), "x");
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.mqtt.keystore", store.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_MQTT_KEYSTORE");
    }

    @Test
    void overridesAPlausibilityBound() {
        GatewayConfig config = GatewayConfig.from(Settings.of(Map.of("rpm.gateway.plausible.heart-rate", "30..250")));

        assertThat(config.plausibility().rangeOf(VitalType.HEART_RATE).orElseThrow().max())
                .isEqualByComparingTo(new BigDecimal("250"));
    }

    @Test
    void rejectsAMalformedPlausibilityBound() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.plausible.spo2", "100..50"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_PLAUSIBLE_SPO2");
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of("rpm.gateway.plausible.spo2", "low"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_PLAUSIBLE_SPO2");
    }

    @Test
    void masksSecretsInToString(@TempDir Path dir) throws IOException {
        Path password = Files.writeString(dir.resolve("password"), "s3cret");
        GatewayConfig config = GatewayConfig.from(Settings.of(Map.of(
                "rpm.mqtt.username", "gateway",
                "rpm.mqtt.password-file", password.toString(),
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule password=\"pw\";",
                "kafka.ssl.truststore.password", "pw")));

        assertThat(config.toString()).contains("gateway").doesNotContain("s3cret").doesNotContain("pw\"")
                .doesNotContain(password.toString()).contains("ssl.truststore.password=****");
    }

    @Test
    void boundsDeviceInputAndDeadLettersByDefault() {
        GatewayConfig config = GatewayConfig.from(Settings.of(Map.of()));

        assertThat(config.input().maxUserProperties()).isEqualTo(32);
        assertThat(config.input().maxUserPropertyBytes()).isEqualTo(8192);
        assertThat(config.input().json()).isEqualTo(new JsonLimits(256 * 1024, 32, 32, 4096, 15));
        assertThat(config.deadLetters()).isEqualTo(new GatewayConfig.DeadLetterLimits(256 * 1024, 20, 4096));
        assertThat(config.deadLetters().maxRecordBytes(config.input())).isLessThan(1024 * 1024);
    }

    @Test
    void readsEveryInputAndDeadLetterLimit() {
        GatewayConfig config = GatewayConfig.from(Settings.of(Map.of(
                "RPM_GATEWAY_MAX_USER_PROPERTIES", "4",
                "RPM_GATEWAY_MAX_USER_PROPERTY_BYTES", "512",
                "RPM_GATEWAY_JSON_MAX_NESTING_DEPTH", "8",
                "RPM_GATEWAY_JSON_MAX_NUMBER_LENGTH", "24",
                "RPM_GATEWAY_JSON_MAX_STRING_LENGTH", "256",
                "RPM_GATEWAY_JSON_MAX_VALUE_DIGITS", "9",
                "RPM_GATEWAY_DEAD_LETTER_MAX_PAYLOAD_BYTES", "1024",
                "RPM_GATEWAY_DEAD_LETTER_MAX_ITEMS", "5",
                "RPM_GATEWAY_DEAD_LETTER_MAX_DETAIL_CHARS", "1000")));

        assertThat(config.input().maxUserProperties()).isEqualTo(4);
        assertThat(config.input().maxUserPropertyBytes()).isEqualTo(512);
        assertThat(config.input().json()).isEqualTo(new JsonLimits(256 * 1024, 8, 24, 256, 9));
        assertThat(config.deadLetters()).isEqualTo(new GatewayConfig.DeadLetterLimits(1024, 5, 1000));
    }

    @Test
    void rejectsEachLimitOutOfItsRangeNamingTheKey() {
        Map<String, String> bad = Map.of(
                "rpm.gateway.max-user-properties", "-1",
                "rpm.gateway.max-user-property-bytes", "100000",
                "rpm.gateway.json.max-nesting-depth", "2",
                "rpm.gateway.json.max-number-length", "10",
                "rpm.gateway.json.max-string-length", "many",
                "rpm.gateway.json.max-value-digits", "500",
                "rpm.gateway.dead-letter.max-payload-bytes", "600000",
                "rpm.gateway.dead-letter.max-items", "0",
                "rpm.gateway.dead-letter.max-detail-chars", "10");
        bad.forEach((key, value) -> assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of(key, value))))
                .as(key).isInstanceOf(ConfigException.class).hasMessageContaining(Settings.envName(key)));
    }

    @Test
    void refusesTheRemovedPerBatchDeadLetterKeyNamingItsSuccessor() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of(
                "RPM_GATEWAY_MAX_DEAD_LETTERS_PER_BATCH", "20"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_GATEWAY_MAX_DEAD_LETTERS_PER_BATCH")
                .hasMessageContaining("RPM_GATEWAY_DEAD_LETTER_MAX_ITEMS");
    }

    @Test
    void refusesDeadLetterLimitsThatCouldNotFitTheProducersRequestSize() {
        assertThatThrownBy(() -> GatewayConfig.from(Settings.of(Map.of(
                "kafka.max.request.size", "200000"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_GATEWAY_DEAD_LETTER_MAX_PAYLOAD_BYTES").hasMessageContaining("200000");
        assertThat(GatewayConfig.from(Settings.of(Map.of("kafka.max.request.size", "200000",
                "rpm.gateway.dead-letter.max-payload-bytes", "65536"))).deadLetters().maxPayloadBytes())
                .isEqualTo(65536);
    }
}
