package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/**
 * A processor upgraded over stores written in format 2 (checked-in bytes, src/test/resources/state/v2): the
 * patient's reading days and the reading ids it remembered carry on, and the records are rewritten in the current
 * form.
 */
class StateMigrationTopologyTest {
    /** The wall clock when the fixture was written. */
    private static final Instant WRITTEN_AT = Instant.parse("2026-01-16T09:00:00Z");

    private final TopologyDriver driver = new TopologyDriver(RuleSetLoader.loadDefault());
    private final KeyValueStore<String, Bytes> states =
            driver.driver.getKeyValueStore(VitalsTopology.PATIENT_STATE_STORE);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void readingDaysOfTheBillingPeriodCarryOn() {
        loadFormatTwo();

        driver.pipe(Readings.of(VitalType.SPO2, "96", WRITTEN_AT.plus(Duration.ofMinutes(5))));
        driver.advanceWallClock(Duration.ofDays(1));

        AdherenceRecord jan16 = lastAdherenceRecord(Readings.PATIENT);
        assertThat(jan16.day()).isEqualTo(LocalDate.parse("2026-01-16"));
        assertThat(jan16.periodStart()).as("the period that started with the first reading").isEqualTo(
                LocalDate.parse("2026-01-10"));
        assertThat(jan16.periodReadingDays()).as("six days before the upgrade and this one").isEqualTo(7);
        assertThat(jan16.readingDays()).isEqualTo(7);
    }

    @Test
    void readingIdsRememberedBeforeTheUpgradeAreStillRecognised() {
        loadFormatTwo();
        // SpO2 88 % of Jan 14, 09:12 (in the stored bucket of 09:10) and of Jan 15, 09:12 (in the patient's state)
        driver.pipe(Readings.of(VitalType.SPO2, "88", Instant.parse("2026-01-14T09:12:00Z")));
        driver.pipe(Readings.of(VitalType.SPO2, "88", Instant.parse("2026-01-15T09:12:00Z")));

        assertThat(driver.findings.readValuesToList()).as("both dropped as duplicates").isEmpty();
        ReadingDedup.Bucket seen = PatientState.fromBytes(states.get(Readings.PATIENT).get(), new StateAccounting())
                .get(ReadingDedup.ENTRY, ReadingDedup.Bucket.class);
        assertThat(seen.ids()).containsExactly("d1778d64-e5b0-3c58-9307-aecc66b29514",
                "37752896-5aef-312f-8782-102a618c350f");
    }

    @Test
    void withoutTheStoredStateTheSameReadingsWouldRaiseFindings() {
        driver.advanceWallClock(Duration.between(TopologyDriver.NOW, WRITTEN_AT));

        driver.pipe(Readings.of(VitalType.SPO2, "88", Instant.parse("2026-01-14T09:12:00Z")));

        assertThat(driver.findings.readValuesToList()).extracting(Finding::ruleId).contains("spo2-low");
    }

    @Test
    void recordsAreRewrittenInTheCurrentForm() {
        loadFormatTwo();
        assertThat(states.get("pat-2").get()[0]).isEqualTo((byte) 2);

        driver.pipe(Readings.of(VitalType.SPO2, "96", WRITTEN_AT.plus(Duration.ofMinutes(5))));
        assertThat(StateFormat.isSmile(states.get(Readings.PATIENT).get())).as("on the patient's next reading")
                .isTrue();
        driver.advanceWallClock(Duration.ofHours(1));
        assertThat(StateFormat.isSmile(states.get("pat-2").get())).as("on the hourly adherence check").isTrue();
        assertThat(PatientState.fromBytes(states.get("pat-2").get(), new StateAccounting())
                .get(ReadingDedup.ENTRY, ReadingDedup.Bucket.class).ids())
                .containsExactly("177eb6ec-f1c7-3bfc-8ec9-8d105e7f54f4");
    }

    /** Puts the format-2 records into the stores, as a restore from their changelogs would, at their wall clock. */
    private void loadFormatTwo() {
        driver.advanceWallClock(Duration.between(TopologyDriver.NOW, WRITTEN_AT));
        StateFixtures.formatTwo(VitalsTopology.PATIENT_STATE_STORE)
                .forEach((patient, bytes) -> states.put(patient, Bytes.wrap(bytes)));
        WindowStore<String, byte[]> dedup = driver.driver.getWindowStore(VitalsTopology.DEDUP_STORE);
        StateFixtures.formatTwo(VitalsTopology.DEDUP_STORE).forEach((name, bytes) -> {
            String[] keyAndStart = name.split("@");
            dedup.put(keyAndStart[0], bytes, Long.parseLong(keyAndStart[1]));
        });
        driver.findings.readValuesToList();
        driver.adherence.readValuesToList();
    }

    private AdherenceRecord lastAdherenceRecord(String patientId) {
        List<AdherenceRecord> records = driver.adherence.readValuesToList().stream()
                .filter(r -> r.patientId().equals(patientId)).toList();
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }
}
