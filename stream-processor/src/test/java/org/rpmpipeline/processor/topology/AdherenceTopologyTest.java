package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.Rule;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/**
 * The default adherence rule (16 of 30 days) through the topology at the boundary between 16 and 15 reachable
 * days, with explicit event times and wall clock. The billing period runs from the patient's first reading day,
 * Jan 10 (the driver's wall clock starts on it), to Feb 8; on day {@code d} of it, reachable = reading days before
 * {@code d} + days left including {@code d}.
 */
class AdherenceTopologyTest {
    private static final LocalDate JAN_10 = LocalDate.parse("2026-01-10");
    private static final RuleSet ADHERENCE = new RuleSet(List.<Rule>copyOf(RuleSetLoader.loadDefault().adherence()));

    private final TopologyDriver driver = new TopologyDriver(ADHERENCE);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void findingComesOnTheFirstDayOnlyFifteenDaysAreReachableAndAgreesWithTheDailyRecord() {
        readOnSixDaysFromJan10();

        driver.advanceWallClock(Duration.ofDays(14));
        assertThat(today()).isEqualTo(LocalDate.parse("2026-01-30"));
        assertThat(driver.findings("adherence")).as("6 + 10 (Jan 30 .. Feb 8) = 16").isEmpty();
        assertThat(lastRecord()).satisfies(r -> {
            assertThat(r.day()).isEqualTo(LocalDate.parse("2026-01-29"));
            assertThat(r.periodStart()).isEqualTo(JAN_10);
            assertThat(r.periodReadingDays()).isEqualTo(6);
            assertThat(r.reachableDays()).isEqualTo(16);
        });

        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(driver.findings("adherence")).as("6 + 9 (Jan 31 .. Feb 8) = 15").singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
                    assertThat(f.details()).containsEntry("daysWithReadings", "6")
                            .containsEntry("reachableDays", "15").containsEntry("requiredDays", "16");
                    assertThat(f.windowStart()).isEqualTo(Instant.parse("2026-01-10T00:00:00Z"));
                    assertThat(f.windowEnd()).isEqualTo(Instant.parse("2026-02-09T00:00:00Z"));
                });
        assertThat(lastRecord()).satisfies(r -> {
            assertThat(r.day()).isEqualTo(LocalDate.parse("2026-01-30"));
            assertThat(r.reachableDays()).isEqualTo(15);
        });
    }

    @Test
    void readingOnTheLastDayThatKeepsSixteenReachablePostponesTheFindingByADay() {
        readOnSixDaysFromJan10();
        driver.advanceWallClock(Duration.ofDays(14));

        driver.pipe(Readings.of(VitalType.SPO2, "97", driver.clock.instant()));
        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(driver.findings("adherence")).as("7 + 9 (Jan 31 .. Feb 8) = 16").isEmpty();

        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(driver.findings("adherence")).as("7 + 8 (Feb 1 .. Feb 8) = 15").singleElement()
                .satisfies(f -> assertThat(f.details()).containsEntry("reachableDays", "15"));
    }

    @Test
    void readingOfADayTooLateRaisesTheFindingWithoutWaitingForTheHourlyCheck() {
        readOnSixDaysFromJan10();
        driver.advanceWallClock(Duration.ofDays(14));
        driver.findings.readValuesToList();
        // Jan 31, before the hourly check: Jan 30 was missed, so today's reading only reaches 7 + 8 = 15
        driver.clock.advance(Duration.ofDays(1));

        driver.pipe(Readings.of(VitalType.SPO2, "97", driver.clock.instant()));

        assertThat(driver.findings("adherence")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.details()).containsEntry("daysWithReadings", "7").containsEntry("reachableDays", "15");
        });
    }

    @Test
    void periodEndResolvesTheFindingAndTheNextPeriodStartsTheDayAfter() {
        readOnSixDaysFromJan10();
        driver.advanceWallClock(Duration.ofDays(15));
        assertThat(driver.findings("adherence")).extracting(Finding::status).containsExactly(FindingStatus.ACTIVE);

        // Feb 8 is the period's last day; Feb 9 starts the next period
        driver.advanceWallClock(Duration.ofDays(8));
        assertThat(today()).isEqualTo(LocalDate.parse("2026-02-08"));
        assertThat(driver.findings("adherence")).isEmpty();
        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(driver.findings("adherence")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.details()).containsEntry("daysWithReadings", "6");
        });
        assertThat(lastRecord()).satisfies(r -> {
            assertThat(r.day()).isEqualTo(LocalDate.parse("2026-02-08"));
            assertThat(r.periodStart()).isEqualTo(JAN_10);
        });
    }

    /** Readings on Jan 10 .. Jan 15, one a day at the wall-clock time; ends on Jan 16. */
    private void readOnSixDaysFromJan10() {
        assertThat(today()).isEqualTo(JAN_10);
        for (int day = 0; day < 6; day++) {
            driver.pipe(Readings.of(VitalType.SPO2, "97", driver.clock.instant()));
            driver.advanceWallClock(Duration.ofDays(1));
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(driver.clock.instant(), java.time.ZoneOffset.UTC);
    }

    private AdherenceRecord lastRecord() {
        List<AdherenceRecord> records = driver.adherence.readValuesToList();
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }
}
