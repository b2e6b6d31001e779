package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.Rule;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/** Threshold rules through the topology: routing, hysteresis, dedup, lateness, error policy. */
class VitalsTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private static final RuleSet THRESHOLDS = new RuleSet(List.<Rule>copyOf(RuleSetLoader.loadDefault().thresholds()));

    private final TopologyDriver driver = new TopologyDriver(THRESHOLDS);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void lowSpo2YieldsExactlyOneFindingKeyedByPatient() {
        Reading reading = Readings.of(VitalType.SPO2, "86", T0);

        driver.pipe(reading);

        List<KeyValue<String, Finding>> out = driver.findings.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("pat-1");
            Finding f = kv.value;
            assertThat(f.ruleId()).isEqualTo("spo2-low");
            assertThat(f.ruleVersion()).isEqualTo(1);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.findingId()).as("golden: the bundled rule's finding for this reading")
                    .isEqualTo("a608499c-72fe-3408-847f-72cfd7b1a9fa");
            assertThat(f.evidence()).singleElement().satisfies(e -> assertThat(e.readingId())
                    .isEqualTo(reading.readingId()));
            assertThat(f.computedValue()).isEqualByComparingTo("86");
            assertThat(f.windowStart()).isEqualTo(T0);
            assertThat(f.detectedAt()).isEqualTo(TopologyDriver.NOW);
            assertThat(f.late()).isFalse();
            assertThat(f.details()).containsEntry("episodeStart", T0.toString());
        });
    }

    @Test
    void findingCarriesTheTriggeringReadingsCorrelationHeader() {
        Reading reading = Readings.of(VitalType.SPO2, "86", T0);
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.CORRELATION_ID, "run-1.ox-1.7".getBytes(StandardCharsets.UTF_8));

        driver.readings.pipeInput(new TestRecord<>(reading.patientId(), reading, headers, reading.measuredAt()));

        assertThat(driver.findings.readRecordsToList()).isNotEmpty().allSatisfy(record -> assertThat(new String(
                record.headers().lastHeader(HeaderNames.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("run-1.ox-1.7"));
    }

    @Test
    void inRangeReadingsYieldNothing() {
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0));
        driver.pipe(Readings.of(VitalType.HEART_RATE, "72", T0.plusSeconds(60)));
        driver.pipe(Readings.bloodPressure("128", "82", T0.plusSeconds(120)));
        driver.pipe(Readings.of(VitalType.BODY_TEMPERATURE, "36.8", T0.plusSeconds(180)));

        assertThat(driver.findings.isEmpty()).isTrue();
    }

    @Test
    void readingBreakingTwoRulesYieldsTwoFindings() {
        driver.pipe(Readings.bloodPressure("230", "125", T0));

        assertThat(driver.findings.readValuesToList()).extracting(Finding::ruleId, Finding::severity)
                .containsExactlyInAnyOrder(tuple("systolic-bp-high", Severity.CRITICAL),
                        tuple("diastolic-bp-high", Severity.HIGH));
    }

    @Test
    void episodeOpensOnceEscalatesResolvesAndReArms() {
        driver.pipe(Readings.of(VitalType.SPO2, "91", T0));
        driver.pipe(Readings.of(VitalType.SPO2, "90", T0.plusSeconds(60)));
        driver.pipe(Readings.of(VitalType.SPO2, "89", T0.plusSeconds(120)));
        driver.pipe(Readings.of(VitalType.SPO2, "86", T0.plusSeconds(180)));
        driver.pipe(Readings.of(VitalType.SPO2, "91", T0.plusSeconds(240)));
        driver.pipe(Readings.of(VitalType.SPO2, "95", T0.plusSeconds(300)));
        driver.pipe(Readings.of(VitalType.SPO2, "96", T0.plusSeconds(360)));
        driver.pipe(Readings.of(VitalType.SPO2, "92", T0.plusSeconds(420)));

        List<Finding> out = driver.findings.readValuesToList();
        assertThat(out).extracting(Finding::status, Finding::severity, Finding::windowStart).containsExactly(
                tuple(FindingStatus.ACTIVE, Severity.HIGH, T0),
                tuple(FindingStatus.ACTIVE, Severity.CRITICAL, T0.plusSeconds(180)),
                tuple(FindingStatus.RESOLVED, Severity.CRITICAL, T0),
                tuple(FindingStatus.ACTIVE, Severity.HIGH, T0.plusSeconds(420)));
        assertThat(out.get(1).details()).containsEntry("episodeStart", T0.toString());
        assertThat(out.get(2).windowEnd()).isEqualTo(T0.plusSeconds(300));
        assertThat(out.get(2).details()).containsEntry("worst", "86");
        assertThat(out).extracting(Finding::findingId).doesNotHaveDuplicates();
    }

    @Test
    void duplicateReadingIsDropped() {
        Reading reading = Readings.of(VitalType.SPO2, "95", T0);
        Reading low = Readings.of(VitalType.SPO2, "86", T0.plusSeconds(60));

        driver.pipe(reading);
        driver.pipe(low);
        driver.pipe(Readings.of(VitalType.SPO2, "96", T0.plusSeconds(120)));
        driver.pipe(low);

        assertThat(driver.findings.readValuesToList()).extracting(Finding::status)
                .containsExactly(FindingStatus.ACTIVE, FindingStatus.RESOLVED);
    }

    @Test
    void backfilledReadingYieldsALateFinding() {
        Reading synced = Readings.received(VitalType.SPO2, "86", T0, T0.plus(Duration.ofHours(3)));

        driver.pipe(synced);

        assertThat(driver.findings.readValuesToList()).singleElement().satisfies(f -> {
            assertThat(f.late()).isTrue();
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void outOfOrderReadingIsMarkedLateAndLeavesTheEpisodeAlone() {
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0.plusSeconds(600)));
        driver.pipe(Readings.of(VitalType.SPO2, "90", T0.plusSeconds(300)));
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0.plusSeconds(660)));

        assertThat(driver.findings.readValuesToList()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.late()).isTrue();
            assertThat(f.details()).containsEntry("outOfOrder", "true");
        });
    }

    @Test
    void patientsAreIndependent() {
        driver.pipe(Readings.of("pat-a", "dev-a", VitalType.SPO2, "86", T0));
        driver.pipe(Readings.of("pat-b", "dev-b", VitalType.SPO2, "86", T0));
        driver.pipe(Readings.of("pat-a", "dev-a", VitalType.SPO2, "86", T0.plusSeconds(60)));

        assertThat(driver.findings.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("pat-a", "pat-b");
    }

    @Test
    void malformedRecordGoesToRejectedAndTheTopologyKeepsRunning() {
        driver.rawReadings.pipeInput("pat-1", "{\"not\": \"a reading\"", T0);
        driver.pipe(Readings.of(VitalType.SPO2, "90", T0.plusSeconds(30)));

        assertThat(driver.rejected.readValuesToList()).singleElement().satisfies((RejectedMessage r) -> {
            assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
            assertThat(r.sourceTopic()).isEqualTo("rpm.readings");
            assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"not\": \"a reading\"");
            assertThat(r.detail()).contains("rpm.readings/0@0");
        });
        assertThat(driver.findings.readValuesToList()).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void readingThatBreaksTheReadingSchemaIsRejectedToo() {
        driver.rawReadings.pipeInput("pat-1", "{\"schemaVersion\": 9, \"readingId\": \"r1\"}", T0);

        assertThat(driver.rejected.readValuesToList()).hasSize(1);
        assertThat(driver.findings.isEmpty()).isTrue();
    }

    @Test
    void unreadableStoredStateIsDiscardedAndTheRuleStartsAfresh() {
        org.apache.kafka.streams.state.KeyValueStore<String, org.apache.kafka.common.utils.Bytes> store =
                driver.driver.getKeyValueStore(VitalsTopology.PATIENT_STATE_STORE);
        store.put("pat-1", org.apache.kafka.common.utils.Bytes.wrap("{not json".getBytes(
                StandardCharsets.UTF_8)));

        driver.pipe(Readings.of(VitalType.SPO2, "86", T0));

        assertThat(driver.findings.readValuesToList()).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE));
    }
}
