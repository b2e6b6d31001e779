package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;

class NoDataRuleTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private final NoDataRule rule = new NoDataRule("no-data", 1, "No readings", Duration.ofHours(36), Severity.LOW,
            "product decision");
    private final NoDataRule.Activity seen =
            rule.onReading(null, Readings.of(VitalType.SPO2, "97", T0), T0).state();

    @Test
    void silenceUpToTheBoundIsFineBeyondItFiresOnce() {
        assertThat(rule.check(seen, Optional.empty(), Optional.empty(), T0.plus(Duration.ofHours(36)))).isEmpty();

        Step<NoDataRule.Activity> step = rule.check(seen, Optional.empty(), Optional.empty(),
                T0.plus(Duration.ofHours(36)).plusSeconds(1)).orElseThrow();

        assertThat(step.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.ACTIVE);
            assertThat(f.details()).containsEntry("cause", "no-readings").containsEntry("silentMinutes", "2160");
            assertThat(f.windowStart()).isEqualTo(T0);
            assertThat(f.deviceIds()).containsExactly("dev-1");
        });
        assertThat(rule.check(step.state(), Optional.empty(), Optional.empty(), T0.plus(Duration.ofDays(3))))
                .isEmpty();
    }

    @Test
    void offlineHubOrDeviceExplainsTheGap() {
        Instant later = T0.plus(Duration.ofDays(2));
        DeviceStatus offline = new DeviceStatus(Schema.VERSION, "dev-1", null, false, null, null, null, null,
                T0.plusSeconds(60));

        assertThat(rule.check(seen, Optional.empty(), Optional.of(offline), later).orElseThrow().findings().get(0)
                .details()).containsEntry("cause", "hub-offline");
        assertThat(rule.check(seen, Optional.of(offline), Optional.empty(), later).orElseThrow().findings().get(0)
                .details()).containsEntry("cause", "device-offline");
    }

    @Test
    void nextReadingResolves() {
        NoDataRule.Activity silent = rule.check(seen, Optional.empty(), Optional.empty(), T0.plus(Duration.ofDays(2)))
                .orElseThrow().state();

        Step<NoDataRule.Activity> step = rule.onReading(silent,
                Readings.of(VitalType.SPO2, "96", T0.plus(Duration.ofDays(2))), T0.plus(Duration.ofDays(2)));

        assertThat(step.state().silent()).isFalse();
        assertThat(step.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.windowStart()).isEqualTo(T0);
        });
    }
}
