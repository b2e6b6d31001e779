package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;

class SustainedRuleTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private static final Evaluation NOW = Evaluation.onTime(T0.plusSeconds(3600));
    private final SustainedRule rule = new SustainedRule("spo2-sustained-low", 1, "Sustained low SpO2",
            VitalType.SPO2, Comparison.LESS, new BigDecimal("90"), Duration.ofMinutes(5), Duration.ofMinutes(2), 3,
            Severity.HIGH, "product decision");

    private Step<SustainedRule.State> feed(SustainedRule.State state, String value, long secondsAfterT0) {
        return rule.step(state, Readings.of(VitalType.SPO2, value, T0.plusSeconds(secondsAfterT0)), NOW);
    }

    @Test
    void firesOnceWhenTheConditionHasHeldForTheDurationAndResolvesOnce() {
        Step<SustainedRule.State> s = feed(null, "89", 0);
        s = feed(s.state(), "88", 100);
        s = feed(s.state(), "87", 200);
        assertThat(s.findings()).isEmpty();
        s = feed(s.state(), "89", 299);
        assertThat(s.findings()).isEmpty();
        s = feed(s.state(), "89", 300);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.windowStart()).isEqualTo(T0);
            assertThat(f.windowEnd()).isEqualTo(T0.plusSeconds(300));
            assertThat(f.computedValue()).isEqualByComparingTo("87");
            assertThat(f.evidence()).hasSize(5);
            assertThat(f.details()).containsEntry("samples", "5").containsEntry("durationSeconds", "300");
        });
        s = feed(s.state(), "85", 400);
        assertThat(s.findings()).isEmpty();
        s = feed(s.state(), "90", 500);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.windowStart()).isEqualTo(T0);
            assertThat(f.details()).containsEntry("worst", "85");
        });
        assertThat(s.state()).isNull();
    }

    @Test
    void gapWithinTheBoundIsToleratedBeyondItRestartsTheRun() {
        Step<SustainedRule.State> s = feed(null, "89", 0);
        s = feed(s.state(), "89", 120);
        s = feed(s.state(), "89", 240);
        s = feed(s.state(), "89", 300);
        assertThat(s.findings()).hasSize(1);

        Step<SustainedRule.State> broken = feed(null, "89", 0);
        broken = feed(broken.state(), "89", 121);
        broken = feed(broken.state(), "89", 240);
        broken = feed(broken.state(), "89", 300);
        assertThat(broken.findings()).isEmpty();
        assertThat(broken.state().runStart()).isEqualTo(T0.plusSeconds(121));
    }

    @Test
    void tooFewSamplesDoNotFire() {
        Step<SustainedRule.State> s = feed(null, "89", 0);
        s = feed(s.state(), "89", 120);
        s = feed(s.state(), "89", 240);
        assertThat(s.findings()).isEmpty();
        assertThat(s.state().samples()).isEqualTo(3);
    }

    @Test
    void boundIsStrict() {
        Step<SustainedRule.State> s = feed(null, "90", 0);
        assertThat(s.state()).isNull();
    }

    @Test
    void outOfOrderReadingIsIgnored() {
        Step<SustainedRule.State> s = feed(null, "89", 300);
        Step<SustainedRule.State> next = feed(s.state(), "95", 100);

        assertThat(next.state()).isEqualTo(s.state());
        assertThat(next.findings()).isEmpty();
    }

    @Test
    void evidenceStaysBounded() {
        Step<SustainedRule.State> s = feed(null, "89", 0);
        for (int i = 1; i <= 30; i++) {
            s = feed(s.state(), "89", i * 60L);
        }
        assertThat(s.state().evidence()).hasSize(SustainedRule.MAX_EVIDENCE);
        assertThat(s.state().evidence().get(0).measuredAt()).isEqualTo(T0);
    }
}
