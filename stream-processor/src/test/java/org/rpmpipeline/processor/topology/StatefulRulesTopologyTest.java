package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/** The bundled rule set through the topology, with explicit event times and a controlled wall clock. */
class StatefulRulesTopologyTest {
    private static final Instant T0 = TopologyDriver.NOW.minus(Duration.ofHours(1));

    private final TopologyDriver driver = new TopologyDriver(RuleSetLoader.loadDefault());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void stablePatientTriggersNothing() {
        String[][] minutes = {{"97", "72", "124", "36.8"}, {"95", "90", "110", "36.2"}, {"99", "60", "140", "37.5"}};
        for (int i = 0; i < 30; i++) {
            String[] v = minutes[i % minutes.length];
            Instant at = T0.plus(Duration.ofMinutes(i));
            driver.pipe(Readings.of(VitalType.SPO2, v[0], at));
            driver.pipe(Readings.of(VitalType.HEART_RATE, v[1], at));
            driver.pipe(Readings.bloodPressure(v[2], "80", at));
            driver.pipe(Readings.of(VitalType.BODY_TEMPERATURE, v[3], at));
        }

        assertThat(driver.findings.readValuesToList()).isEmpty();
    }

    @Test
    void deterioratingPatientTriggersThresholdSustainedAndNews2() {
        int[] spo2 = {95, 93, 91, 89, 88, 87, 86, 85, 85, 85};
        int[] pulse = {88, 95, 102, 110, 116, 121, 125, 128, 130, 130};
        for (int i = 0; i < spo2.length; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            driver.pipe(Readings.of(VitalType.SPO2, String.valueOf(spo2[i]), at));
            driver.pipe(Readings.of(VitalType.HEART_RATE, String.valueOf(pulse[i]), at));
        }

        List<Finding> out = driver.findings.readValuesToList();
        assertThat(out).allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE));
        assertThat(out).extracting(Finding::ruleId, Finding::severity).containsExactly(
                tuple("spo2-low", Severity.HIGH),            // 91 at minute 2
                tuple("news2", Severity.MODERATE),           // SpO2 91 scores 3
                tuple("heart-rate-high", Severity.MODERATE), // 116 at minute 4
                tuple("news2", Severity.HIGH),               // 3 + 2 = 5 at minute 4
                tuple("spo2-low", Severity.CRITICAL),        // 87 at minute 5
                tuple("spo2-sustained-low", Severity.HIGH)); // below 90 since minute 3, 5 min at minute 8
        assertThat(out.get(5).windowStart()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    }

    @Test
    void sustainedEpisodeResolvesOnceWhenSaturationRecovers() {
        for (int i = 0; i <= 6; i++) {
            driver.pipe(Readings.of(VitalType.SPO2, "89", T0.plus(Duration.ofMinutes(i))));
        }
        driver.pipe(Readings.of(VitalType.SPO2, "96", T0.plus(Duration.ofMinutes(7))));
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0.plus(Duration.ofMinutes(8))));

        assertThat(driver.findings("spo2-sustained-low")).extracting(Finding::status, Finding::windowStart)
                .containsExactly(tuple(FindingStatus.ACTIVE, T0), tuple(FindingStatus.RESOLVED, T0));
    }

    @Test
    void weightGainOverThreeDaysIsATrendFinding() {
        Instant day0 = TopologyDriver.NOW.minus(Duration.ofDays(3));
        driver.pipe(Readings.of(VitalType.BODY_WEIGHT, "78.4", day0));
        driver.pipe(Readings.of(VitalType.BODY_WEIGHT, "79.5", day0.plus(Duration.ofDays(1))));
        driver.pipe(Readings.of(VitalType.BODY_WEIGHT, "80.6", day0.plus(Duration.ofDays(2))));

        assertThat(driver.findings("hf-weight-gain")).singleElement().satisfies(f -> {
            assertThat(f.computedValue()).isEqualByComparingTo("2.2");
            assertThat(f.severity()).isEqualTo(Severity.MODERATE);
        });
    }

    @Test
    void silentDeviceIsReportedOnTheWallClockAndResolvedByItsNextReading() {
        Reading last = Readings.of("pat-1", "dev-1", VitalType.SPO2, "97", TopologyDriver.NOW);
        driver.pipe(last);

        driver.advanceWallClock(Duration.ofHours(36));
        assertThat(driver.findings.isEmpty()).isTrue();

        driver.advanceWallClock(Duration.ofMinutes(2));
        assertThat(driver.findings.readValuesToList()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("no-data");
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.details()).containsEntry("cause", "no-readings");
            assertThat(f.windowStart()).isEqualTo(TopologyDriver.NOW);
        });

        driver.advanceWallClock(Duration.ofHours(5));
        assertThat(driver.findings.isEmpty()).as("one finding per silence").isTrue();

        Instant back = driver.clock.instant();
        driver.pipe(Readings.of("pat-1", "dev-1", VitalType.SPO2, "96", back));
        assertThat(driver.findings("no-data")).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED));
    }

    @Test
    void silenceOfADeviceWhoseHubWentOfflineSaysSo() {
        Reading last = new Reading(Schema.VERSION, "r-hub-1", "pat-1", "dev-1", "hub-7", VitalType.SPO2,
                new java.math.BigDecimal("97"), "%", null, null, TopologyDriver.NOW, TopologyDriver.NOW, null, null,
                null);
        driver.pipe(last);
        driver.deviceStatus.pipeInput("hub-7", new DeviceStatus(Schema.VERSION, "hub-7", null, false, null, null,
                null, null, TopologyDriver.NOW.plusSeconds(60)));

        driver.advanceWallClock(Duration.ofHours(37));

        assertThat(driver.findings("no-data")).singleElement()
                .satisfies(f -> assertThat(f.details()).containsEntry("cause", "hub-offline"));
    }

    @Test
    void adherenceShortfallIsReportedByTheWallClockCheck() {
        driver.pipe(Readings.of(VitalType.SPO2, "97", TopologyDriver.NOW));

        driver.advanceWallClock(Duration.ofDays(15));
        assertThat(driver.findings("adherence")).as("1 day so far + 15 left = 16").isEmpty();

        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(driver.findings("adherence")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.details()).containsEntry("daysWithReadings", "1").containsEntry("reachableDays", "15");
        });
    }

    @Test
    void dailyAdherenceRecordCountsReadingDaysOfTheRollingWindowOnTheWallClock() {
        Instant jan9 = Instant.parse("2026-01-09T20:00:00Z");
        driver.pipe(Readings.of(VitalType.SPO2, "97", jan9));
        driver.pipe(Readings.of(VitalType.HEART_RATE, "72", jan9.plus(Duration.ofMinutes(1))));
        driver.pipe(Readings.of(VitalType.SPO2, "97", TopologyDriver.NOW));
        assertThat(driver.adherence.isEmpty()).as("nothing before the hourly check").isTrue();

        // 10:00 on Jan 10: Jan 9 is complete, 1 reading day (two readings on it count once)
        driver.advanceWallClock(Duration.ofHours(1));
        assertThat(driver.adherence.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.day()).isEqualTo(LocalDate.parse("2026-01-09"));
            assertThat(r.readingDays()).isEqualTo(1);
            assertThat(r.windowDays()).isEqualTo(30);
            assertThat(r.periodStart()).isEqualTo(LocalDate.parse("2026-01-09"));
            assertThat(r.periodReadingDays()).isEqualTo(1);
            // Jan 10 .. Feb 7 still to come: 1 + 29 = 30
            assertThat(r.reachableDays()).isEqualTo(30);
        });
        driver.advanceWallClock(Duration.ofHours(1));
        assertThat(driver.adherence.isEmpty()).as("one record per day").isTrue();

        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(driver.adherence.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(Readings.PATIENT);
            assertThat(kv.value.day()).isEqualTo(LocalDate.parse("2026-01-10"));
            assertThat(kv.value.readingDays()).isEqualTo(2);
            // Jan 11 .. Feb 7 still to come: 2 + 28 = 30
            assertThat(kv.value.reachableDays()).isEqualTo(30);
            assertThat(kv.value.recordId()).isEqualTo(AdherenceRecord.idFor("adherence", Readings.PATIENT,
                    LocalDate.parse("2026-01-10")));
        });
    }

    @Test
    void unreliableReadingsNeverRaiseACriticalFindingNorOpenOrCloseEpisodes() {
        Map<String, String> lowPerfusion = Map.of(GattQualifiers.PLX_DEVICE_STATUS, "low-perfusion");
        driver.pipe(Readings.qualified(Readings.of(VitalType.SPO2, "84", T0), lowPerfusion));
        driver.pipe(Readings.qualified(Readings.bloodPressure("230", "95", T0.plusSeconds(30)),
                Map.of(GattQualifiers.BP_STATUS, "cuff-loose")));

        List<Finding> flagged = driver.findings.readValuesToList();
        assertThat(flagged).extracting(Finding::ruleId).containsExactly("spo2-low", "systolic-bp-high");
        assertThat(flagged).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.MODERATE);
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.details()).containsKey("signalQuality").doesNotContainKey("episodeStart");
        });

        // a clean reading still opens the episode at its real severity
        driver.pipe(Readings.of(VitalType.SPO2, "84", T0.plusSeconds(60)));
        assertThat(driver.findings("spo2-low")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        // a normal value from a displaced sensor does not resolve it; a clean normal value does
        driver.pipe(Readings.qualified(Readings.of(VitalType.SPO2, "98", T0.plusSeconds(120)),
                Map.of(GattQualifiers.PLX_DEVICE_STATUS, "sensor-displaced")));
        assertThat(driver.findings.readValuesToList()).isEmpty();
        driver.pipe(Readings.of(VitalType.SPO2, "98", T0.plusSeconds(180)));
        assertThat(driver.findings("spo2-low")).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED));
    }
}
