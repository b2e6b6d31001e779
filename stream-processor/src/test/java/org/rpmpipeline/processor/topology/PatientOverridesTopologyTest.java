package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/** A personal override (COPD patient: SpO2 scale 2, lower SpO2 bands) that starts mid-stream. */
class PatientOverridesTopologyTest {
    private static final Instant T0 = TopologyDriver.NOW.minus(Duration.ofHours(1));

    private final TopologyDriver driver = new TopologyDriver(RuleSetLoader.loadDefault());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void overrideAppliesFromItsEffectiveTimeAndFindingsRecordItsVersion() {
        driver.pipe(Readings.of(VitalType.SPO2, "90", T0));
        driver.patientThresholds.pipeInput("pat-1", copd(3, T0.plus(Duration.ofMinutes(10))), T0.plusSeconds(30));
        driver.pipe(Readings.of(VitalType.SPO2, "90", T0.plus(Duration.ofMinutes(5))));
        driver.pipe(Readings.of(VitalType.SPO2, "90", T0.plus(Duration.ofMinutes(15))));
        driver.pipe(Readings.of(VitalType.SPO2, "86", T0.plus(Duration.ofMinutes(20))));

        List<Finding> out = driver.findings.readValuesToList();
        assertThat(out).extracting(Finding::ruleId, Finding::status, f -> f.details().get("overrideVersion"))
                .containsExactly(
                        tuple("spo2-low", FindingStatus.ACTIVE, null),        // default bands, <= 92
                        tuple("news2", FindingStatus.ACTIVE, null),           // scale 1: 90 scores 3
                        tuple("spo2-low", FindingStatus.RESOLVED, "3"),       // personal bands: 90 is fine
                        tuple("news2", FindingStatus.RESOLVED, "3"),          // scale 2: 90 scores 0
                        tuple("spo2-low", FindingStatus.ACTIVE, "3"));        // personal <= 87; scale 2: 86 scores 1
        assertThat(out.get(4).severity()).isEqualTo(Severity.HIGH);
        assertThat(out.get(4).details()).containsEntry("source", "patient override version 3");
    }

    @Test
    void tombstoneRemovesTheOverride() {
        driver.patientThresholds.pipeInput("pat-1", copd(1, T0), T0);
        driver.patientThresholds.pipeInput("pat-1", (PatientThresholds) null, T0.plusSeconds(1));
        driver.pipe(Readings.of(VitalType.SPO2, "90", T0.plus(Duration.ofMinutes(1))));

        assertThat(driver.findings("spo2-low")).singleElement()
                .satisfies(f -> assertThat(f.details()).doesNotContainKey("overrideVersion"));
    }

    private static PatientThresholds copd(int version, Instant effectiveFrom) {
        return new PatientThresholds(Schema.VERSION, "pat-1", version, effectiveFrom, 2,
                List.of(new ThresholdOverride("spo2-low", List.of(
                        new BandOverride(Severity.HIGH, "<=", new BigDecimal("87")),
                        new BandOverride(Severity.CRITICAL, "<", new BigDecimal("84"))))),
                null, "hypercapnic respiratory failure, target 88-92 %", null);
    }
}
