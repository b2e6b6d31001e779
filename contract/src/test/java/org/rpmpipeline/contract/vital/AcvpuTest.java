package org.rpmpipeline.contract.vital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rpmpipeline.contract.Schema;

class AcvpuTest {
    private static final Instant AT = Instant.parse("2026-03-15T08:30:00Z");

    private static Reading consciousness(String value) {
        return new Reading(Schema.VERSION, "r-1", "patient-1", "app-1", null, VitalType.CONSCIOUSNESS,
                new BigDecimal(value), "{ACVPU}", null, null, AT, AT, TimeSource.DEVICE, null, null);
    }

    @ParameterizedTest
    @CsvSource({"0, ALERT, A, 248234008", "1, CONFUSION, C, 130987000", "2, VOICE, V, 300202002",
        "3, PAIN, P, 450847001", "4, UNRESPONSIVE, U, 422768004", "1.0, CONFUSION, C, 130987000"})
    void levelsMapToTheirLetterAndSnomedFinding(String value, Acvpu level, String letter, String snomed) {
        assertThat(Acvpu.of(new BigDecimal(value))).contains(level);
        assertThat(level.letter()).isEqualTo(letter);
        assertThat(level.snomed()).isEqualTo(snomed);
        assertThat(consciousness(value).value()).isEqualByComparingTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "5", "0.5", "3.99", "42"})
    void aReadingWithANumberThatIsNoLevelIsRejectedNamingTheLevels(String value) {
        assertThat(Acvpu.of(new BigDecimal(value))).isEmpty();
        assertThatThrownBy(() -> consciousness(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consciousness: value must be an ACVPU level 0 (A), 1 (C), 2 (V), 3 (P) or 4 (U), was "
                        + value);
    }

    @Test
    void theNewVitalsCarryTheirLoincCodesAndUcumUnits() {
        assertThat(VitalType.fromCode("consciousness")).isEqualTo(VitalType.CONSCIOUSNESS);
        assertThat(VitalType.CONSCIOUSNESS.loinc()).isEqualTo("67775-7");
        assertThat(VitalType.OXYGEN_FLOW.loinc()).isEqualTo("3151-8");
        assertThat(VitalType.OXYGEN_FLOW.unit()).isEqualTo("L/min");
        assertThat(VitalType.OXYGEN_CONCENTRATION.loinc()).isEqualTo("3150-0");
        assertThat(VitalType.OXYGEN_CONCENTRATION.unit()).isEqualTo("%");
    }
}
