package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.Rule;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/**
 * Dedup through the topology, across the event-time buckets of {@link ReadingDedup}: a redelivered low SpO2 reading
 * that were not dropped would produce another (late, out-of-order) {@code spo2-low} finding.
 */
class ReadingDedupTest {
    /** The start of a dedup bucket. */
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private static final RuleSet THRESHOLDS = new RuleSet(List.<Rule>copyOf(RuleSetLoader.loadDefault().thresholds()));

    private final TopologyDriver driver = new TopologyDriver(THRESHOLDS);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void duplicateOfAnEarlierBucketIsDroppedAfterNewerReadings() {
        Reading low = Readings.of(VitalType.SPO2, "86", T0);
        driver.pipe(low);
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0.plus(ReadingDedup.BUCKET)));
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0.plus(ReadingDedup.BUCKET.multipliedBy(3))));

        driver.pipe(low);

        assertThat(driver.findings.readValuesToList()).extracting(Finding::status)
                .containsExactly(FindingStatus.ACTIVE, FindingStatus.RESOLVED);
    }

    @Test
    void backfilledReadingOfAnEarlierBucketIsEvaluatedOnceAndItsRedeliveryDropped() {
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0.plus(ReadingDedup.BUCKET.multipliedBy(2))));
        Reading backfilled = Readings.of(VitalType.SPO2, "86", T0.plusSeconds(30));
        Reading sameBucket = Readings.of(VitalType.SPO2, "85", T0.plusSeconds(90));

        driver.pipe(backfilled);
        driver.pipe(sameBucket);
        driver.pipe(backfilled);
        driver.pipe(sameBucket);

        assertThat(driver.findings.readValuesToList())
                .extracting(f -> f.evidence().get(0).readingId(), Finding::late)
                .containsExactly(tuple(backfilled.readingId(), true),
                        tuple(sameBucket.readingId(), true));
    }

    @Test
    void bucketWithMoreReadingsThanTheStateKeepsStillDropsEveryDuplicate() {
        List<Reading> sent = new ArrayList<>();
        sent.add(Readings.of(VitalType.SPO2, "86", T0));
        for (int i = 1; i <= ReadingDedup.MAX_PENDING + 5; i++) {
            sent.add(Readings.of(VitalType.SPO2, "97", T0.plusSeconds(i * 5L)));
        }
        assertThat(sent.get(sent.size() - 1).measuredAt()).isBefore(T0.plus(ReadingDedup.BUCKET));
        sent.forEach(driver::pipe);

        driver.pipe(sent.get(0));
        driver.pipe(sent.get(ReadingDedup.MAX_PENDING));
        driver.pipe(sent.get(sent.size() - 1));
        driver.pipe(Readings.of(VitalType.SPO2, "97", T0.plus(ReadingDedup.BUCKET)));
        driver.pipe(sent.get(0));

        assertThat(driver.findings.readValuesToList()).extracting(Finding::status)
                .containsExactly(FindingStatus.ACTIVE, FindingStatus.RESOLVED);
    }

    @Test
    void sameReadingIdOfAnotherPatientIsNotADuplicate() {
        Reading first = Readings.of("pat-1", "dev-1", VitalType.SPO2, "86", T0);
        Reading other = new Reading(first.schemaVersion(), first.readingId(), "pat-2", first.deviceId(), null,
                first.vital(), first.value(), first.unit(), null, List.of(), first.measuredAt(), first.receivedAt(),
                null, null, null);

        driver.pipe(first);
        driver.pipe(other);

        assertThat(driver.findings.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("pat-1", "pat-2");
    }
}
