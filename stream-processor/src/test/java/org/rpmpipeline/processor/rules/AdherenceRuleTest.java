package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;

class AdherenceRuleTest {
    private static final Instant DAY0 = Instant.parse("2026-01-01T08:00:00Z");
    private final AdherenceRule rule = new AdherenceRule("adherence", 1, "Adherence", 30, 16, Severity.LOW, "cms");

    private Step<AdherenceRule.State> readOn(AdherenceRule.State state, int day) {
        Instant at = DAY0.plus(Duration.ofDays(day));
        return rule.step(state, Readings.of(VitalType.SPO2, "97", at), Evaluation.onTime(at));
    }

    @Test
    void patientWhoCanStillReachSixteenDaysIsFine() {
        Step<AdherenceRule.State> s = readOn(null, 0);
        for (int day = 1; day < 14; day++) {
            s = readOn(s.state(), day);
        }
        // day 14: 14 days so far, days 15..29 left = 15 more: reachable
        assertThat(rule.check(s.state(), "pat-1", DAY0.plus(Duration.ofDays(20)))).isEmpty();
        assertThat(s.state().days()).hasSize(14);
    }

    @Test
    void shortfallIsReportedOnceOnTheWallClockAndClosedWhenThePeriodEnds() {
        Step<AdherenceRule.State> s = readOn(null, 0);
        s = readOn(s.state(), 1);
        // on day 15 (2 reading days, today and days 16..29 left: 15 days): 2 + 15 = 17, reachable
        assertThat(rule.check(s.state(), "pat-1", DAY0.plus(Duration.ofDays(15)))).isEmpty();
        // on day 16: 2 + 14 = 16, still reachable
        assertThat(rule.check(s.state(), "pat-1", DAY0.plus(Duration.ofDays(16)))).isEmpty();
        // on day 17: 2 + 13 = 15 < 16
        Step<AdherenceRule.State> flagged = rule.check(s.state(), "pat-1", DAY0.plus(Duration.ofDays(17)))
                .orElseThrow();
        assertThat(flagged.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.computedValue()).isEqualByComparingTo("2");
            assertThat(f.details()).containsEntry("reachableDays", "15").containsEntry("requiredDays", "16");
            assertThat(f.windowStart()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        });
        assertThat(rule.check(flagged.state(), "pat-1", DAY0.plus(Duration.ofDays(18)))).isEmpty();

        Step<AdherenceRule.State> closed = rule.check(flagged.state(), "pat-1", DAY0.plus(Duration.ofDays(30)))
                .orElseThrow();
        assertThat(closed.findings()).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED));
        assertThat(closed.state().periodStart()).isEqualTo(LocalDate.parse("2026-01-31"));
        assertThat(closed.state().days()).isEmpty();
    }

    @Test
    void readingsOfTheSameDayCountOnceAndAReadingInANewPeriodRollsOver() {
        Step<AdherenceRule.State> s = readOn(null, 0);
        s = readOn(s.state(), 0);
        assertThat(s.state().days()).hasSize(1);
        s = readOn(s.state(), 31);
        assertThat(s.state().periodStart()).isEqualTo(LocalDate.parse("2026-01-31"));
        assertThat(s.state().days()).containsExactly(LocalDate.parse("2026-02-01"));
    }

    @Test
    void dailyRecordCountsTheRollingWindowAndTheCurrentPeriod() {
        Step<AdherenceRule.State> s = readOn(null, 0);
        for (int day = 1; day < 10; day++) {
            s = readOn(s.state(), day);
        }
        for (int day = 25; day < 30; day++) {
            s = readOn(s.state(), day);
        }
        s = readOn(s.state(), 35);

        // checked on day 36: the window is days 6..35: days 6-9 (4) + 25-29 (5) + 35 (1) = 10 reading days;
        // the second period started on day 30: 1 reading day (35), days 36..59 left (24), reachable 25
        AdherenceRule.Daily daily = rule.daily(s.state(), "pat-1", DAY0.plus(Duration.ofDays(36))).orElseThrow();
        assertThat(daily.record().day()).isEqualTo(LocalDate.parse("2026-02-05"));
        assertThat(daily.record().readingDays()).isEqualTo(10);
        assertThat(daily.record().meetsRequirement()).isFalse();
        assertThat(daily.record().periodStart()).isEqualTo(LocalDate.parse("2026-01-31"));
        assertThat(daily.record().periodReadingDays()).isEqualTo(1);
        assertThat(daily.record().reachableDays()).isEqualTo(25);
        assertThat(daily.state().recentDays()).hasSize(10);
        assertThat(rule.daily(daily.state(), "pat-1", DAY0.plus(Duration.ofDays(36)).plus(Duration.ofHours(3))))
                .as("once per day").isEmpty();
    }

    @Test
    void rollingWindowOfSixteenReadingDaysMeetsTheRequirement() {
        // days 20..35: 16 consecutive reading days
        Step<AdherenceRule.State> s = readOn(null, 20);
        for (int day = 21; day <= 35; day++) {
            s = readOn(s.state(), day);
        }
        AdherenceRule.Daily daily = rule.daily(s.state(), "pat-1", DAY0.plus(Duration.ofDays(36))).orElseThrow();
        assertThat(daily.record().readingDays()).isEqualTo(16);
        assertThat(daily.record().meetsRequirement()).isTrue();
        // periods run from the first reading (day 20, Jan 21): day 35 is still in the first period
        assertThat(daily.record().periodStart()).isEqualTo(LocalDate.parse("2026-01-21"));
        assertThat(daily.record().periodReadingDays()).isEqualTo(16);
    }

    @Test
    void recordOfAPeriodsLastDayCountsThatPeriodAfterAReadingStartedTheNext() {
        Step<AdherenceRule.State> s = readOn(null, 0);
        for (int day = 1; day < 6; day++) {
            s = readOn(s.state(), day);
        }
        // day 30 (Jan 31) starts the second period; its reading arrives before the day's first hourly check
        s = readOn(s.state(), 30);
        assertThat(s.state().periodStart()).isEqualTo(LocalDate.parse("2026-01-31"));

        AdherenceRule.Daily daily = rule.daily(s.state(), "pat-1", DAY0.plus(Duration.ofDays(30))).orElseThrow();
        assertThat(daily.record().day()).isEqualTo(LocalDate.parse("2026-01-30"));
        assertThat(daily.record().periodStart()).isEqualTo(LocalDate.parse("2026-01-01"));
        assertThat(daily.record().periodReadingDays()).isEqualTo(6);
        assertThat(daily.record().reachableDays()).isEqualTo(6);
        assertThat(daily.record().readingDays()).as("rolling window Jan 1 .. Jan 30").isEqualTo(6);
    }

    @Test
    void noRecordBeforeTheFirstReadingDayIsComplete() {
        Step<AdherenceRule.State> s = readOn(null, 0);
        assertThat(rule.daily(s.state(), "pat-1", DAY0.plus(Duration.ofHours(10)))).isEmpty();
    }
}
