package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;

class SettingsFormTest {
    private static final Instant NOW = Instant.parse("2026-03-15T08:30:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ThresholdRules rules = ThresholdRules.bundled();

    @Test
    void theBundledThresholdRulesAreOffered_withTheirDefaultBands() {
        ThresholdRules.Rule spo2 = rules.rule("spo2-low").orElseThrow();
        assertThat(spo2.bands()).containsExactly(new BandOverride(Severity.HIGH, "<=", new BigDecimal("92")),
                new BandOverride(Severity.CRITICAL, "<", new BigDecimal("88")));
        assertThat(rules.all()).extracting(ThresholdRules.Rule::id).contains("heart-rate-high", "systolic-bp-high",
                "glucose-low").doesNotContain("news2", "spo2-sustained-low");
    }

    @Test
    void aFormBecomesTheNextVersion_inTheContractsFormat() throws Exception {
        Map<String, String> form = new HashMap<>(Map.of("effectiveFrom", "2026-03-15T09:00", "spo2Scale", "2",
                "homeOxygenFlow", "2", "override.spo2-low", "on", "band.spo2-low.0", "86", "band.spo2-low.1", "",
                "band.heart-rate-high.0", "99", "reason", "COPD, target 88-92 %"));
        PatientThresholds current = new PatientThresholds(Schema.VERSION, "patient-1", 3, NOW, null, null, "dr-x",
                "earlier", null);
        PatientThresholds next = SettingsForm.parse("patient-1", form, Optional.of(current), rules, "nurse-a", clock,
                ZoneId.of("Europe/London"));
        assertThat(next.version()).isEqualTo(4);
        assertThat(next.effectiveFrom()).isEqualTo(Instant.parse("2026-03-15T09:00:00Z"));
        assertThat(next.spo2Scale()).isEqualTo(2);
        assertThat(next.homeOxygenFlow()).isEqualByComparingTo("2");
        assertThat(next.setBy()).isEqualTo("nurse-a");
        // heart-rate-high is not ticked: its value is ignored; spo2-low keeps only the band that has a value
        assertThat(next.thresholds()).singleElement().satisfies(t -> {
            assertThat(t.ruleId()).isEqualTo("spo2-low");
            assertThat(t.bands()).containsExactly(new BandOverride(Severity.HIGH, "<=", new BigDecimal("86")));
        });
        String json = Json.mapper().writeValueAsString(next);
        assertThat(Json.mapper().readValue(json, PatientThresholds.class)).isEqualTo(next);
    }

    @Test
    void badFormsAreRefusedWithAMessageNamingTheField() {
        assertThat(invalid(Map.of("reason", ""))).contains("reason is required");
        assertThat(invalid(Map.of("reason", "x", "spo2Scale", "3"))).contains("scale must be 1 or 2");
        assertThat(invalid(Map.of("reason", "x", "homeOxygenFlow", "abc"))).contains("Home oxygen flow must be a number");
        assertThat(invalid(Map.of("reason", "x", "homeOxygenFlow", "90"))).contains("homeOxygenFlow must be between");
        assertThat(invalid(Map.of("reason", "x", "override.spo2-low", "on", "band.spo2-low.0", "",
                "band.spo2-low.1", ""))).contains("at least one value");
        assertThat(invalid(Map.of("reason", "x", "override.spo2-low", "on", "band.spo2-low.0", "250")))
                .contains("outside what the gateway accepts");
        assertThat(invalid(Map.of("reason", "x", "effectiveFrom", "2026-01-01T00:00"))).contains("last 7 days");
        assertThat(invalid(Map.of("reason", "x", "effectiveFrom", "tomorrow"))).contains("date and time");
        assertThat(invalid(Map.of("reason", "x".repeat(501)))).contains("at most 500");
    }

    @Test
    void aBlankStartMeansNow_andAnActorThatIsNoIdIsLeftOutOfSetBy() {
        PatientThresholds next = SettingsForm.parse("patient-1", Map.of("reason", "start"), Optional.empty(), rules,
                "nurse@example.org", clock, ZoneOffset.UTC);
        assertThat(next.version()).isEqualTo(1);
        assertThat(next.effectiveFrom()).isEqualTo(NOW);
        assertThat(next.setBy()).isNull();
        assertThat(next.thresholds()).isEmpty();
        assertThat(List.of(next.spo2Scale() == null, next.homeOxygenFlow() == null)).containsOnly(true);
    }

    private String invalid(Map<String, String> form) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(SettingsForm.Invalid.class,
                () -> SettingsForm.parse("patient-1", form, Optional.empty(), rules, "nurse-a", clock,
                        ZoneOffset.UTC)).getMessage();
    }
}
