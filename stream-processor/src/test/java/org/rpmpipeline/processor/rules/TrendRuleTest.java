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

class TrendRuleTest {
    private static final Instant DAY0 = Instant.parse("2026-01-10T07:00:00Z");
    private static final Evaluation NOW = Evaluation.onTime(DAY0.plus(Duration.ofDays(10)));
    private final TrendRule esc = new TrendRule("hf-weight-gain", 1, "Weight gain", VitalType.BODY_WEIGHT,
            Duration.ofDays(3), Comparison.GREATER, new BigDecimal("2.0"), Severity.MODERATE, "esc");

    private Step<TrendRule.State> weigh(TrendRule rule, TrendRule.State state, String kg, Duration after) {
        return rule.step(state, Readings.of(VitalType.BODY_WEIGHT, kg, DAY0.plus(after)), NOW);
    }

    @Test
    void gainAboveTheBoundWithinTheWindowFiresAndResolves() {
        Step<TrendRule.State> s = weigh(esc, null, "80.0", Duration.ZERO);
        s = weigh(esc, s.state(), "81.0", Duration.ofDays(1));
        s = weigh(esc, s.state(), "82.0", Duration.ofDays(2));
        assertThat(s.findings()).as("exactly 2.0 kg is not more than 2 kg").isEmpty();
        s = weigh(esc, s.state(), "82.1", Duration.ofDays(3));
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.computedValue()).isEqualByComparingTo("2.1");
            assertThat(f.windowStart()).isEqualTo(DAY0);
            assertThat(f.evidence()).extracting(e -> e.value().toPlainString()).containsExactly("80.0", "82.1");
        });
        s = weigh(esc, s.state(), "82.2", Duration.ofDays(3).plusHours(1));
        assertThat(s.findings()).as("day-0 weight left the window: change 1.2 kg").singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED));
    }

    @Test
    void usVariantFiveLbInAWeek() {
        TrendRule weekly = new TrendRule("hf-weight-gain-week", 1, "Weight gain", VitalType.BODY_WEIGHT,
                Duration.ofDays(7), Comparison.GREATER_OR_EQUAL, new BigDecimal("2.27"), Severity.MODERATE, "us");
        Step<TrendRule.State> s = weigh(weekly, null, "90.00", Duration.ZERO);
        s = weigh(weekly, s.state(), "91.00", Duration.ofDays(3));
        s = weigh(weekly, s.state(), "92.27", Duration.ofDays(6));
        assertThat(s.findings()).hasSize(1);
    }

    @Test
    void backfilledOlderReadingCountsInTheHistoryButDoesNotEvaluate() {
        Step<TrendRule.State> s = weigh(esc, null, "82.5", Duration.ofDays(2));
        s = weigh(esc, s.state(), "80.0", Duration.ofDays(1));
        assertThat(s.findings()).isEmpty();
        assertThat(s.state().points()).hasSize(2);
        s = weigh(esc, s.state(), "82.4", Duration.ofDays(2).plusHours(1));
        assertThat(s.findings()).singleElement()
                .satisfies(f -> assertThat(f.computedValue()).isEqualByComparingTo("2.4"));
    }

    @Test
    void firstReadingHasNoBaseline() {
        assertThat(weigh(esc, null, "80", Duration.ZERO).findings()).isEmpty();
    }
}
