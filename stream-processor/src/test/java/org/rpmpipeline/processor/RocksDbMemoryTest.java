package org.rpmpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.rpmpipeline.processor.topology.VitalsTopology;

class RocksDbMemoryTest {

    @Test
    void configSetterPutsEveryStoreOnTheSharedBudget() {
        try (RocksDbMemory memory = new RocksDbMemory(8L * 1024 * 1024); Options options = new Options()) {
            new RocksDbMemory.ConfigSetter().setConfig("s", options, Map.of(RocksDbMemory.CONFIG_KEY, memory));

            assertThat(((BlockBasedTableConfig) options.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
            assertThat(memory.storesConfigured()).isEqualTo(1);
        }
    }

    @Test
    void withoutABudgetRocksDbDefaultsStay() {
        try (Options options = new Options()) {
            new RocksDbMemory.ConfigSetter().setConfig("s", options, Map.of());

            assertThat(options.tableFormatConfig()).isNull();
        }
    }

    @Test
    void kafkaStreamsHandsTheBudgetToTheTopologysStores() {
        Properties props = ProcessorConfig.from(Settings.of(Map.of())).streamsProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-memory-test");
        try (RocksDbMemory memory = new RocksDbMemory(8L * 1024 * 1024)) {
            props.put(RocksDbMemory.CONFIG_KEY, memory);
            try (TopologyTestDriver driver = new TopologyTestDriver(
                    VitalsTopology.build(RuleSetLoader.loadDefault(), Clock.systemUTC()), props)) {
                driver.createInputTopic(Topics.READINGS.name(), Topics.READINGS.keySerde().serializer(),
                        Topics.READINGS.valueSerde().serializer())
                        .pipeInput("pat-1", Readings.of(VitalType.SPO2, "97", Instant.parse("2026-01-10T08:00:00Z")));
            }
            assertThat(memory.storesConfigured()).isGreaterThanOrEqualTo(3);
        }
    }
}
