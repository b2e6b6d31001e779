package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;

class ThresholdRuleTest {
    private static final Instant AT = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-10T08:00:02Z");
    private static final ThresholdRule SPO2_LOW = new ThresholdRule("spo2-low", 3, "Oxygen saturation low",
            VitalType.SPO2, List.of(
                    new Band(Severity.HIGH, Comparison.LESS_OR_EQUAL, new BigDecimal("92"), "test source a"),
                    new Band(Severity.CRITICAL, Comparison.LESS, new BigDecimal("88"), "test source b")));

    @Test
    void lowReadingYieldsAFindingWithEveryField() {
        Reading reading = Readings.of(VitalType.SPO2, "87", AT);

        Finding finding = SPO2_LOW.evaluate(reading, NOW).orElseThrow();

        // golden: derived from the finding's content; a change to what a rule says or how the id is derived changes
        // the ids of replayed findings, which the alert service would then take for new ones
        assertThat(finding.findingId()).isEqualTo("c60f00be-d905-38e5-8448-92df95961fa8")
                .isNotEqualTo(SPO2_LOW.evaluate(Readings.of(VitalType.SPO2, "86", AT), NOW).orElseThrow().findingId());
        assertThat(finding.ruleId()).isEqualTo("spo2-low");
        assertThat(finding.ruleVersion()).isEqualTo(3);
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.status()).isEqualTo(FindingStatus.ACTIVE);
        assertThat(finding.patientId()).isEqualTo("pat-1");
        assertThat(finding.deviceIds()).containsExactly("dev-1");
        assertThat(finding.windowStart()).isEqualTo(AT);
        assertThat(finding.windowEnd()).isEqualTo(AT);
        assertThat(finding.computedValue()).isEqualByComparingTo("87");
        assertThat(finding.evidence()).singleElement().satisfies(e -> {
            assertThat(e.readingId()).isEqualTo(reading.readingId());
            assertThat(e.value()).isEqualByComparingTo("87");
            assertThat(e.unit()).isEqualTo("%");
            assertThat(e.measuredAt()).isEqualTo(AT);
        });
        assertThat(finding.detectedAt()).isEqualTo(NOW);
        assertThat(finding.late()).isFalse();
        assertThat(finding.summary()).isEqualTo("Oxygen saturation low: spo2 87 % < 88 %")
                .doesNotContain("pat-1", "dev-1");
        assertThat(finding.details()).containsEntry("condition", "< 88").containsEntry("source", "test source b");
    }

    @Test
    void boundaryValuesOnBothSidesOfEachBand() {
        assertThat(SPO2_LOW.match(Readings.of(VitalType.SPO2, "92.1", AT))).isEmpty();
        assertThat(SPO2_LOW.match(Readings.of(VitalType.SPO2, "92", AT))).map(Band::severity).contains(Severity.HIGH);
        assertThat(SPO2_LOW.match(Readings.of(VitalType.SPO2, "88", AT))).map(Band::severity).contains(Severity.HIGH);
        assertThat(SPO2_LOW.match(Readings.of(VitalType.SPO2, "87.99", AT))).map(Band::severity)
                .contains(Severity.CRITICAL);
    }

    @Test
    void sameReadingGivesTheSameFindingId() {
        Reading reading = Readings.of(VitalType.SPO2, "90", AT);

        assertThat(SPO2_LOW.evaluate(reading, NOW).orElseThrow().findingId())
                .isEqualTo(SPO2_LOW.evaluate(reading, NOW.plusSeconds(60)).orElseThrow().findingId());
    }

    @Test
    void otherVitalAndAbsentValueYieldNothing() {
        assertThat(SPO2_LOW.evaluate(Readings.of(VitalType.HEART_RATE, "50", AT), NOW)).isEmpty();
        assertThat(SPO2_LOW.evaluate(Readings.absent(VitalType.SPO2, AT), NOW)).isEmpty();
    }

    @Test
    void panelVitalIsRefused() {
        assertThatThrownBy(() -> new ThresholdRule("bp", 1, "x", VitalType.BLOOD_PRESSURE, SPO2_LOW.bands()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blood-pressure");
    }
}
