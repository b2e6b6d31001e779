package org.rpmpipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

class BacktestConfigTest {
    @TempDir
    Path dir;

    @Test
    void usesTheServicesKeysAndDefaults() {
        BacktestConfig config = BacktestConfig.from(Settings.of(Map.of(
                "RPM_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
                "RPM_PROCESSOR_LATE_AFTER", "20m",
                "RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL",
                "RPM_KAFKA_PROPERTY_SASL_JAAS_CONFIG", "secret-jaas")));

        assertThat(config.bootstrapServers()).isEqualTo("kafka-1:9092");
        assertThat(config.topology().lateAfter()).isEqualTo(Duration.ofMinutes(20));
        assertThat(config.topology().noDataCheckInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.tick()).isEqualTo(Duration.ofHours(1));
        assertThat(config.liveRules()).isEmpty();
        assertThat(config.careTeams().teamOf("any").tiers().get(0).recipients()).containsExactly("care-team");
        assertThat(config.consumerProperties())
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        assertThat(config.toString()).contains("sasl.jaas.config=****").doesNotContain("secret-jaas");
    }

    @Test
    void theProcessorsRulesFileIsTheDefaultBaseline() throws Exception {
        Path rules = Files.writeString(dir.resolve("live.yaml"), "schemaVersion: 1\n");

        BacktestConfig config = BacktestConfig.from(Settings.of(Map.of("RPM_PROCESSOR_RULES_FILE", rules.toString())));

        assertThat(config.liveRules()).contains(rules);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> BacktestConfig.from(Settings.of(Map.of("RPM_BACKTEST_SILENCE_CHECK_INTERVAL", "5s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_BACKTEST_SILENCE_CHECK_INTERVAL");
        assertThatThrownBy(() -> BacktestConfig.from(Settings.of(Map.of("RPM_PROCESSOR_DEDUP_RETENTION", "soon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_PROCESSOR_DEDUP_RETENTION");
        assertThatThrownBy(() -> BacktestConfig.from(Settings.of(Map.of("RPM_PROCESSOR_RULES_FILE", "/none.yaml"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_PROCESSOR_RULES_FILE");
        assertThatThrownBy(() -> BacktestConfig.from(Settings.of(Map.of("RPM_BACKTEST_KAFKA_TIMEOUT", "2h"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_BACKTEST_KAFKA_TIMEOUT");
    }
}
