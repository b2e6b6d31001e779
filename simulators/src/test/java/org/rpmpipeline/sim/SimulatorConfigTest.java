package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

class SimulatorConfigTest {

    @Test
    void from_nothingSet_usesTheDefaults() {
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of()));

        assertThat(config.mqttUrl().toString()).isEqualTo("tcp://localhost:1883");
        assertThat(config.port()).isEqualTo(1883);
        assertThat(config.tls()).isFalse();
        assertThat(config.username()).isNull();
        assertThat(config.password()).isNull();
        assertThat(config.scenario()).isEqualTo("demo");
        assertThat(config.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.seed()).isEqualTo(1L);
        assertThat(config.clientId()).isEqualTo("rpm-sim");
        assertThat(config.speed()).isEqualTo(1.0);
        assertThat(config.maxInFlight()).isEqualTo(1000);
        assertThat(config.hubStatus()).isFalse();
        assertThat(config.patients()).isZero();
        assertThat(config.mix()).isEmpty();
        assertThat(config.cadence()).isNull();
        assertThat(config.rate()).isZero();
        assertThat(config.connections()).isZero();
        assertThat(config.progress()).isZero();
        assertThat(config.encoding()).isEqualTo(org.rpmpipeline.sim.device.Encoding.JSON);
        assertThat(config.verify().enabled()).isFalse();
        assertThat(config.verify().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.verify().grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.verify().settle()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.verify().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.resultsDir()).isNull();
        assertThat(config.maxLag()).isZero();
    }

    @Test
    void from_loadAndVerifyKeys_areRead() {
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of(
                "rpm.sim.scenario", "cohort",
                "rpm.sim.patients", "2500",
                "rpm.sim.mix", "copd:0.2,hf:0.3",
                "rpm.sim.cadence", "realistic",
                "rpm.sim.rate", "2000",
                "rpm.sim.connections", "20",
                "rpm.sim.encoding", "ble",
                "rpm.sim.verify", "true",
                "RPM_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "kafka.security.protocol", "SSL")));

        assertThat(config.scenarioOptions().patients()).isEqualTo(2500);
        assertThat(config.mix()).containsEntry(org.rpmpipeline.sim.patient.Profile.COPD, 0.2);
        assertThat(config.cadence()).isEqualTo(org.rpmpipeline.sim.device.Cadence.REALISTIC);
        assertThat(config.rate()).isEqualTo(2000.0);
        assertThat(config.connections()).isEqualTo(20);
        assertThat(config.encoding()).isEqualTo(org.rpmpipeline.sim.device.Encoding.BLE);
        assertThat(config.verify().bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(config.verify().kafkaOverrides()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void from_verifyWaits_areRead() {
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of(
                "rpm.sim.verify-grace", "45s",
                "rpm.sim.verify-settle", "1m",
                "RPM_SIM_VERIFY_TIMEOUT", "30m")));

        assertThat(config.verify().grace()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.verify().settle()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.verify().timeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void from_maxLag_isRead() {
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of("RPM_SIM_MAX_LAG", "200ms")));

        assertThat(config.maxLag()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void from_environmentStyleKeys_areRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret\n");

        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of(
                "RPM_MQTT_URL", "ssl://broker.example:8884",
                "RPM_MQTT_USERNAME", "sim",
                "RPM_MQTT_PASSWORD_FILE", secret.toString(),
                "RPM_SIM_DURATION", "5m",
                "RPM_SIM_SEED", "-42",
                "RPM_SIM_CLIENT_ID", "sim-a",
                "RPM_SIM_SPEED", "60")));

        assertThat(config.tls()).isTrue();
        assertThat(config.port()).isEqualTo(8884);
        assertThat(config.username()).isEqualTo("sim");
        assertThat(config.password()).isEqualTo("s3cret");
        assertThat(config.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.seed()).isEqualTo(-42L);
        assertThat(config.clientId()).isEqualTo("sim-a");
        assertThat(config.speed()).isEqualTo(60.0);
    }

    @Test
    void toString_masksThePassword(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret");

        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of("rpm.mqtt.password-file",
                secret.toString())));

        assertThat(config.toString()).doesNotContain("s3cret").contains("password=****");
    }

    @ParameterizedTest
    @CsvSource({
        "rpm.mqtt.url, http://localhost:1883, RPM_MQTT_URL",
        "rpm.mqtt.password-file, /no/such/file, RPM_MQTT_PASSWORD_FILE",
        "rpm.sim.scenario, no-such-scenario, RPM_SIM_SCENARIO",
        "rpm.sim.duration, soon, RPM_SIM_DURATION",
        "rpm.sim.duration, 0s, RPM_SIM_DURATION",
        "rpm.sim.seed, abc, RPM_SIM_SEED",
        "rpm.sim.client-id, bad id, RPM_SIM_CLIENT_ID",
        "rpm.sim.speed, 0.5, RPM_SIM_SPEED",
        "rpm.sim.speed, fast, RPM_SIM_SPEED",
        "rpm.sim.max-in-flight, 0, RPM_SIM_MAX_IN_FLIGHT",
        "rpm.sim.hub-status, maybe, RPM_SIM_HUB_STATUS",
        "rpm.sim.patients, -1, RPM_SIM_PATIENTS",
        "rpm.sim.mix, copd:0.8;hf:0.3, RPM_SIM_MIX",
        "rpm.sim.mix, 'copd:0.8,hf:0.3', RPM_SIM_MIX",
        "rpm.sim.cadence, hourly, RPM_SIM_CADENCE",
        "rpm.sim.rate, -5, RPM_SIM_RATE",
        "rpm.sim.connections, many, RPM_SIM_CONNECTIONS",
        "rpm.sim.encoding, xml, RPM_SIM_ENCODING",
        "rpm.sim.verify, perhaps, RPM_SIM_VERIFY",
        "rpm.sim.verify-grace, later, RPM_SIM_VERIFY_GRACE",
        "rpm.sim.verify-settle, -5s, RPM_SIM_VERIFY_SETTLE",
        "rpm.sim.verify-timeout, 0s, RPM_SIM_VERIFY_TIMEOUT",
        "rpm.sim.max-lag, -1s, RPM_SIM_MAX_LAG",
        "rpm.sim.max-lag, 2h, RPM_SIM_MAX_LAG",
        "rpm.sim.scenario, /no/such/file.yaml, RPM_SIM_SCENARIO"
    })
    void from_badValue_throwsNamingTheKey(String key, String value, String envName) {
        assertThatThrownBy(() -> SimulatorConfig.from(Settings.of(Map.of(key, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(envName)
                .hasMessageContaining(key);
    }
}
