package org.rpmpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.processor.topology.TopologySettings;

class ProcessorConfigTest {

    @Test
    void defaults() {
        ProcessorConfig config = ProcessorConfig.from(Settings.of(Map.of()));

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.applicationId()).isEqualTo("rpm-stream-processor");
        assertThat(config.rulesFile()).isEmpty();
        assertThat(config.httpPort()).isEqualTo(8082);
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.standbyReplicas()).isZero();
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.streamThreads()).isEqualTo(1);
        assertThat(config.cacheMaxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.rocksDbMemoryMib()).isEqualTo(128);
        assertThat(config.streamsProperties()).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                RocksDbMemory.ConfigSetter.class.getName());
        assertThat(config.topology()).isEqualTo(TopologySettings.DEFAULTS);
    }

    @Test
    void readsEveryKeyInEitherSpelling(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules: []");
        ProcessorConfig config = ProcessorConfig.from(Settings.of(Map.ofEntries(
                Map.entry("RPM_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"),
                Map.entry("rpm.processor.application-id", "proc-a"),
                Map.entry("RPM_PROCESSOR_RULES_FILE", rules.toString()),
                Map.entry("rpm.processor.state-dir", dir.toString()),
                Map.entry("rpm.processor.http-port", "0"),
                Map.entry("rpm.processor.commit-interval", "250ms"),
                Map.entry("rpm.processor.standby-replicas", "1"),
                Map.entry("rpm.processor.processing-guarantee", "at_least_once"),
                Map.entry("rpm.processor.stream-threads", "2"),
                Map.entry("kafka.replication.factor", "3"),
                Map.entry("rpm.processor.dedup-retention", "2d"),
                Map.entry("rpm.processor.late-after", "15m"),
                Map.entry("RPM_PROCESSOR_NO_DATA_CHECK_INTERVAL", "30s"),
                Map.entry("rpm.processor.adherence-check-interval", "10m"),
                Map.entry("rpm.processor.cache-max-bytes", "0"))));

        Properties p = config.streamsProperties();
        assertThat(config.rulesFile()).contains(rules);
        assertThat(p).containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "k1:9092,k2:9092")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "proc-a")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, dir.toString())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2")
                .containsEntry("replication.factor", "3")
                .containsKey(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
        assertThat(config.httpPort()).isZero();
        assertThat(config.topology()).isEqualTo(new TopologySettings(Duration.ofDays(2), Duration.ofMinutes(15),
                Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(p).containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
    }

    @Test
    void theMainConsumerOfEachThreadIsAStaticMemberWhenAnInstanceIdIsSet() {
        ProcessorConfig config = ProcessorConfig.from(Settings.of(Map.of(
                "RPM_PROCESSOR_INSTANCE_ID", "rpm-stream-processor-0",
                "RPM_PROCESSOR_SESSION_TIMEOUT", "20s",
                "rpm.processor.stream-threads", "2")));

        // resolved the way Kafka Streams configures each stream thread's consumers
        StreamsConfig streams = new StreamsConfig(config.streamsProperties());
        Map<String, Object> main = streams.getMainConsumerConfigs("rpm-stream-processor", "client", 1);
        assertThat(main).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "rpm-stream-processor-0-1")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 20_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        assertThat(streams.getRestoreConsumerConfigs("client"))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void withoutAnInstanceIdTheMainConsumerIsADynamicMemberWithAShortSession() {
        ProcessorConfig config = ProcessorConfig.from(Settings.of(Map.of()));

        Map<String, Object> main = new StreamsConfig(config.streamsProperties())
                .getMainConsumerConfigs("rpm-stream-processor", "client", 1);
        assertThat(main).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
    }

    @Test
    void badValuesNameTheKey() {
        assertInvalid("rpm.processor.http-port", "80800", "RPM_PROCESSOR_HTTP_PORT");
        assertInvalid("rpm.processor.http-port", "x", "RPM_PROCESSOR_HTTP_PORT");
        assertInvalid("rpm.processor.commit-interval", "soon", "RPM_PROCESSOR_COMMIT_INTERVAL");
        assertInvalid("rpm.processor.commit-interval", "0ms", "RPM_PROCESSOR_COMMIT_INTERVAL");
        assertInvalid("rpm.processor.standby-replicas", "-1", "RPM_PROCESSOR_STANDBY_REPLICAS");
        assertInvalid("rpm.processor.processing-guarantee", "exactly_once", "RPM_PROCESSOR_PROCESSING_GUARANTEE");
        assertInvalid("rpm.processor.application-id", "a b", "RPM_PROCESSOR_APPLICATION_ID");
        assertInvalid("rpm.processor.rules-file", "/no/such/rules.yaml", "RPM_PROCESSOR_RULES_FILE");
        assertInvalid("rpm.processor.stream-threads", "0", "RPM_PROCESSOR_STREAM_THREADS");
        assertInvalid("rpm.processor.late-after", "0s", "RPM_PROCESSOR_LATE_AFTER");
        assertInvalid("rpm.processor.dedup-retention", "forever", "RPM_PROCESSOR_DEDUP_RETENTION");
        assertInvalid("rpm.processor.cache-max-bytes", "-5", "RPM_PROCESSOR_CACHE_MAX_BYTES");
        assertInvalid("rpm.processor.rocksdb-memory-mib", "lots", "RPM_PROCESSOR_ROCKSDB_MEMORY_MIB");
        assertInvalid("rpm.processor.session-timeout", "1s", "RPM_PROCESSOR_SESSION_TIMEOUT");
        assertInvalid("rpm.processor.instance-id", "a b", "RPM_PROCESSOR_INSTANCE_ID");
    }

    @Test
    void toStringMasksSecretsOfPassThroughSettings() {
        ProcessorConfig config = ProcessorConfig.from(Settings.of(Map.of(
                "kafka.sasl.jaas.config", "org.Login required password=\"hunter2\";",
                "kafka.ssl.truststore.password", "hunter3",
                "kafka.security.protocol", "SASL_SSL")));

        assertThat(config.toString()).doesNotContain("hunter2", "hunter3").contains("SASL_SSL", "****");
    }

    private static void assertInvalid(String key, String value, String named) {
        assertThatThrownBy(() -> ProcessorConfig.from(Settings.of(Map.of(key, value))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(named);
    }
}
