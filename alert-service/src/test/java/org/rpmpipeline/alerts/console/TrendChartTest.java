package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.vital.VitalType;

class TrendChartTest {
    private static final Instant TO = Instant.parse("2026-03-15T12:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofHours(24));

    @Test
    void everyReadingIsAPoint_higherValuesHigherUp_evidenceMarked_bandsDrawn() {
        List<VitalHistory.Point> points = List.of(point(TO.minusSeconds(7200), "97"), point(TO.minusSeconds(3600), "93"),
                point(TO.minusSeconds(60), "86"));
        List<BandOverride> bands = List.of(new BandOverride(Severity.HIGH, "<=", new BigDecimal("92")),
                new BandOverride(Severity.CRITICAL, "<", new BigDecimal("88")));
        TrendChart.Chart chart = TrendChart.draw(VitalType.SPO2, points, FROM, TO, bands, Set.of("critical<"),
                Set.of(TO.minusSeconds(60)), ZoneOffset.UTC);
        assertThat(chart.dots()).hasSize(3);
        assertThat(chart.count()).isEqualTo(3);
        // SVG y grows downwards: 97 % is drawn above 86 %
        assertThat(chart.dots().get(0).cy()).isLessThan(chart.dots().get(2).cy());
        assertThat(chart.dots().get(0).cx()).isLessThan(chart.dots().get(2).cx());
        assertThat(chart.dots()).filteredOn(TrendChart.Dot::evidence).singleElement()
                .satisfies(d -> assertThat(d.title()).isEqualTo("SpO₂ 86 % at 2026-03-15 11:59 (alert evidence)"));
        assertThat(chart.lines()).extracting(TrendChart.Line::label).containsExactly("high <= 92",
                "critical < 88 (personal)");
        assertThat(chart.path()).startsWith("M").contains(" L");
        assertThat(chart.rows()).first().satisfies(r -> assertThat(r.value()).isEqualTo("86 %"));
        assertThat(chart.description()).isEqualTo("3 readings from 86 to 97 %, latest 86, 1 marked as alert evidence");
        for (TrendChart.Dot dot : chart.dots()) {
            assertThat(dot.cx()).isBetween(0.0, (double) chart.width());
            assertThat(dot.cy()).isBetween(0.0, (double) chart.height());
        }
    }

    @Test
    void manyReadingsAreThinnedToEachSlotsExtremes_keepingEveryEvidenceReading() {
        List<VitalHistory.Point> points = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            points.add(point(FROM.plusSeconds(i * 17L), String.valueOf(90 + i % 9)));
        }
        Instant evidence = points.get(1234).at();
        points.add(point(FROM.plusSeconds(40_000), "70"));
        List<VitalHistory.Point> drawn = TrendChart.thin(points, FROM, TO, Set.of(evidence));
        assertThat(drawn.size()).isLessThanOrEqualTo(2 * TrendChart.SLOTS + 1).isGreaterThan(TrendChart.SLOTS);
        assertThat(drawn).extracting(VitalHistory.Point::at).contains(evidence);
        assertThat(drawn).extracting(p -> p.value().intValue()).contains(70, 98, 90);
        TrendChart.Chart chart = TrendChart.draw(VitalType.SPO2, points, FROM, TO, List.of(), Set.of(),
                Set.of(evidence), ZoneOffset.UTC);
        assertThat(chart.thinned()).isTrue();
        assertThat(chart.count()).isEqualTo(5_001);
        assertThat(chart.rows()).hasSize(200);
        assertThat(chart.tableCut()).isTrue();
    }

    private static VitalHistory.Point point(Instant at, String value) {
        return new VitalHistory.Point(VitalType.SPO2, at, new BigDecimal(value));
    }
}
