package org.rpmpipeline.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.RocksDbMemory;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.rpmpipeline.processor.topology.TopologySettings;

class ReplayDriverTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final TopologySettings SETTINGS = new TopologySettings(Duration.ofDays(7),
            Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(1));

    @TempDir
    Path state;

    private static HistoryRecord reading(Instant at, int spo2) {
        Reading reading = new Reading(Schema.VERSION, Reading.idFor("ox-1", VitalType.SPO2, at, "v" + spo2), "pat-1",
                "ox-1", null, VitalType.SPO2, new BigDecimal(spo2), "%", null, List.of(), at, at, null, null, null);
        return new HistoryRecord(HistoryRecord.Source.READINGS, "pat-1",
                Topics.READINGS.valueSerde().serializer().serialize(Topics.READINGS.name(), reading),
                at.toEpochMilli());
    }

    @Test
    void stampsFindingsWithTheReplayTimeAndRunsTheSilenceCheckOnTicksOfReplayTime() {
        List<Finding> findings = new ArrayList<>();
        try (ReplayDriver driver = new ReplayDriver("test", RuleSetLoader.loadDefault(), SETTINGS,
                state.resolve("a"), T0, Duration.ofHours(1))) {
            driver.replay(reading(T0.plusSeconds(90), 86));
            findings.addAll(driver.drain());
            // the oximeter is silent for two days: the 36 h silence is seen on the first tick after it
            driver.finish(T0.plus(Duration.ofDays(2)));
            findings.addAll(driver.drain());
        }

        assertThat(findings).filteredOn(f -> f.ruleId().equals("spo2-low")).singleElement()
                .satisfies(f -> assertThat(f.detectedAt()).isEqualTo(T0.plusSeconds(90)));
        assertThat(findings).filteredOn(f -> f.ruleId().equals("no-data")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.detectedAt()).isEqualTo(T0.plus(Duration.ofHours(37)));
        });
    }

    @Test
    void anUndecodableReadingIsSkippedAndCounted() {
        try (ReplayDriver driver = new ReplayDriver("test", RuleSetLoader.loadDefault(), SETTINGS,
                state.resolve("b"), T0, Duration.ofHours(1))) {
            driver.replay(new HistoryRecord(HistoryRecord.Source.READINGS, "pat-1",
                    "{not json".getBytes(StandardCharsets.UTF_8), T0.toEpochMilli()));
            driver.replay(reading(T0.plusSeconds(60), 97));

            assertThat(driver.drain()).isEmpty();
            assertThat(driver.deadLetters()).isEqualTo(1);
            assertThat(driver.records()).isEqualTo(2);
        }
    }

    @Test
    void theStoresShareTheGivenRocksDbBudget() {
        try (RocksDbMemory memory = new RocksDbMemory(16L * 1024 * 1024)) {
            try (ReplayDriver driver = new ReplayDriver("test", RuleSetLoader.loadDefault(), SETTINGS,
                    state.resolve("c"), T0, Duration.ofHours(1), memory)) {
                driver.replay(reading(T0.plusSeconds(60), 97));
                driver.drain();
            }
            assertThat(memory.storesConfigured()).isPositive();
        }
    }
}
