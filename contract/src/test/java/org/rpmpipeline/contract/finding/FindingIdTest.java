package org.rpmpipeline.contract.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.VitalType;

class FindingIdTest {
    private static final Instant AT = Instant.parse("2026-03-15T08:30:00Z");

    private static Finding news2(Severity severity, String aggregate, Instant windowEnd, Map<String, String> details) {
        return new Finding(Schema.VERSION, "pending", "news2", 1, severity, FindingStatus.ACTIVE, "patient-1",
                List.of("ox-1"), AT, windowEnd,
                List.of(new Evidence("r-1", VitalType.SPO2, new BigDecimal("90"), "%", AT)),
                new BigDecimal(aggregate), "NEWS2 aggregate " + aggregate, AT.plusSeconds(5), false, details)
                .withContentId();
    }

    @Test
    void theIdIsPinned() {
        // golden: a change of the content id's form changes every id the alert service has stored
        assertThat(news2(Severity.HIGH, "5", AT, Map.of("trigger", "URGENT")).findingId())
                .isEqualTo("ffeb9944-c5b6-3d7e-ab4e-7328f0c0fc9d");
    }

    @Test
    void theSameContentGetsTheSameIdWhateverTheDetectionTime() {
        Finding first = news2(Severity.HIGH, "5", AT, Map.of("trigger", "URGENT"));
        Finding rerun = new Finding(Schema.VERSION, "x", first.ruleId(), first.ruleVersion(), first.severity(),
                first.status(), first.patientId(), first.deviceIds(), first.windowStart(), first.windowEnd(),
                first.evidence(), first.computedValue(), first.summary(), AT.plusSeconds(3600), first.late(),
                first.details()).withContentId();

        assertThat(rerun.findingId()).isEqualTo(first.findingId());
    }

    @Test
    void findingsThatDifferInSeverityScoreWindowEndOrDetailsGetDifferentIds() {
        Finding base = news2(Severity.HIGH, "5", AT, Map.of("trigger", "URGENT"));

        assertThat(List.of(base, news2(Severity.CRITICAL, "5", AT, Map.of("trigger", "URGENT")),
                news2(Severity.HIGH, "6", AT, Map.of("trigger", "URGENT")),
                news2(Severity.HIGH, "5.0", AT, Map.of("trigger", "URGENT")),
                news2(Severity.HIGH, "5", AT.plusSeconds(1), Map.of("trigger", "URGENT")),
                news2(Severity.HIGH, "5", AT, Map.of("trigger", "EMERGENCY")),
                news2(Severity.HIGH, "5", AT, Map.of("trigger", "URGENT", "overrideVersion", "2"))))
                .extracting(Finding::findingId).doesNotHaveDuplicates().hasSize(7);
        assertThat(base.withDetail("overrideVersion", "2").findingId())
                .isEqualTo(news2(Severity.HIGH, "5", AT, Map.of("trigger", "URGENT", "overrideVersion", "2"))
                        .findingId());
    }

    @Test
    void fieldBoundariesCannotBeShiftedToForgeTheSameContent() {
        Finding a = news2(Severity.HIGH, "5", AT, Map.of("a", "b|c"));
        Finding b = news2(Severity.HIGH, "5", AT, Map.of("a|b", "c"));

        assertThat(a.findingId()).isNotEqualTo(b.findingId());
    }

    @Test
    void theEpisodeIdIsPinned() {
        // golden: no-data and adherence findings are de-duplicated by this id across restarts and upgrades
        assertThat(Finding.idFor("no-data", "patient-1", AT, FindingStatus.ACTIVE))
                .isEqualTo("4c23a3be-b272-36b3-a2f0-b413acc47f89");
        assertThat(Finding.idFor("no-data", "patient-1", AT, FindingStatus.RESOLVED))
                .isEqualTo("38c54bc3-94d0-3045-87c6-a730c52302f0");
    }
}
