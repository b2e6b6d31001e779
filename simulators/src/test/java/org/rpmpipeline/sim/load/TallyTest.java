package org.rpmpipeline.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.Publication;
import org.rpmpipeline.sim.device.DeviceKind;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.Measurement;
import org.rpmpipeline.sim.device.Sample;
import org.rpmpipeline.sim.scenario.Emission;

class TallyTest {
    private static final Instant AT = Instant.parse("2026-11-28T15:00:00Z");

    @Test
    void report_aDroppedMessageIsLostAndTheOthersDelivered() {
        Tally tally = new Tally("run1");
        Publication a = publication("run1.ox-1.1", 1, null, 1);
        Publication b = publication("run1.ox-1.2", 2, null, 1);
        Publication c = publication("run1.ox-1.3", 3, null, 1);
        List.of(a, b, c).forEach(tally::published);

        tally.reading(reading(a, "r1"), null, System.currentTimeMillis());
        tally.reading(reading(c, "r3"), null, System.currentTimeMillis());

        VerifyReport report = tally.report();
        assertThat(tally.settled()).isFalse();
        assertThat(report.messages()).isEqualTo(3);
        assertThat(report.delivered()).isEqualTo(2);
        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.lostIds()).containsExactly("run1.ox-1.2");
        assertThat(report.publishToReading().count()).isEqualTo(2);
    }

    @Test
    void report_duplicateReadingsRejectionsAndHostileAreCountedApart() {
        Tally tally = new Tally("run1");
        Publication ok = publication("run1.ox-1.1", 1, null, 1);
        Publication bad = publication("run1.ox-1.2", 2, Hostile.TRUNCATED, 1);
        Publication sneaky = publication("run1.ox-1.3", 3, Hostile.WRONG_UNIT, 1);
        Publication twice = publication("run1.ox-1.4", 4, null, 2);
        List.of(ok, bad, sneaky, twice).forEach(tally::published);
        tally.published(twice);

        tally.reading(reading(ok, "r1"), null, System.currentTimeMillis());
        tally.rejected("run1.ox-1.2");
        tally.reading(reading(sneaky, "r3"), null, System.currentTimeMillis());
        tally.reading(reading(twice, "r4"), null, System.currentTimeMillis());
        tally.reading(reading(twice, "r4"), null, System.currentTimeMillis());

        VerifyReport report = tally.report();
        assertThat(tally.settled()).isTrue();
        assertThat(report.delivered()).isEqualTo(2);
        assertThat(report.rejectedExpected()).isEqualTo(1);
        assertThat(report.hostileAccepted()).isEqualTo(1);
        assertThat(report.duplicateReadings()).isEqualTo(1);
        assertThat(report.lost()).isZero();
    }

    @Test
    void report_findingsAreMatchedThroughTheirNewestEvidence() {
        Tally tally = new Tally("run1");
        Publication a = publication("run1.ox-1.1", 1, null, 1);
        tally.published(a);
        long now = System.currentTimeMillis();
        tally.reading(reading(a, "r1"), null, now);
        tally.finding(new Finding(Schema.VERSION, "f1", "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE,
                "patient-1", List.of("ox-1"), AT, AT, List.of(new Evidence("r1", VitalType.SPO2,
                        new BigDecimal("85"), "%", AT)), new BigDecimal("85"), "low", AT, false, Map.of()),
                null, now + 5);

        VerifyReport report = tally.report();

        assertThat(report.findings()).isEqualTo(1);
        assertThat(report.matchedFindings()).isEqualTo(1);
        assertThat(report.publishToFinding().count()).isEqualTo(1);
    }

    @Test
    void arrivals_countEverythingThatArrivesDownstream_soTheVerifierCanWaitForItToStop() {
        Tally tally = new Tally("run1");
        Publication a = publication("run1.ox-1.1", 1, null, 1);
        tally.published(a);

        tally.reading(reading(a, "r1"), null, 0);
        tally.reading(reading(publication("run2.ox-1.1", 1, null, 1), "x"), null, 0);
        tally.rejected("run2.ox-1.2");
        tally.finding(new Finding(Schema.VERSION, "f1", "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE,
                "patient-1", List.of("ox-1"), AT, AT, List.of(), new BigDecimal("85"), "low", AT, false, Map.of()),
                null, 0);
        tally.notification("n-1", "run1.ox-1.1", 0);
        tally.notification("n-1", "run1.ox-1.1", 0);

        assertThat(tally.arrivals()).isEqualTo(6);
        assertThat(tally.report().duplicateNotifications()).isEqualTo(1);
    }

    @Test
    void published_otherRunsReadingsAreIgnored() {
        Tally tally = new Tally("run1");
        tally.published(publication("run1.ox-1.1", 1, null, 1));

        tally.reading(reading(publication("run2.ox-1.1", 1, null, 1), "x"), null, 0);

        assertThat(tally.report().delivered()).isZero();
        assertThat(tally.report().foreignReadings()).isZero();
    }

    private static Publication publication(String correlationId, long seq, Hostile hostile, int copies) {
        Measurement m = new Measurement(Duration.ofSeconds(seq), seq, "patient-1", "hub-1", "ox-1",
                DeviceKind.HEART_RATE_MONITOR, List.of(Sample.of(VitalType.HEART_RATE, BigDecimal.TEN)));
        return new Publication(correlationId, "rpm/v1/ox-1/vitals", AT,
                new Emission(seq * 1000, List.of(m), copies, false, Duration.ZERO, hostile));
    }

    private static Reading reading(Publication p, String readingId) {
        return new Reading(Schema.VERSION, readingId, "patient-1", "ox-1", "hub-1", VitalType.HEART_RATE,
                BigDecimal.TEN, "/min", null, null, AT, AT, TimeSource.DEVICE, p.correlationId(), null);
    }
}
