package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.processor.rules.News2.Trigger;

/** The RCP 2017 NEWS2 Chart 1, band by band, both edges of every band; Chart 4 triggers. */
class News2Test {

    @ParameterizedTest(name = "RR {0} -> {1}")
    @CsvSource({"0, 3", "8, 3", "9, 1", "11, 1", "12, 0", "20, 0", "21, 2", "24, 2", "25, 3", "40, 3"})
    void respirationRate(String value, int score) {
        assertThat(News2.respirationRate(new BigDecimal(value))).isEqualTo(score);
    }

    @ParameterizedTest(name = "SpO2 scale 1 {0} -> {1}")
    @CsvSource({"70, 3", "91, 3", "92, 2", "93, 2", "94, 1", "95, 1", "96, 0", "100, 0", "91.5, 2"})
    void spo2Scale1(String value, int score) {
        assertThat(News2.spo2Scale1(new BigDecimal(value))).isEqualTo(score);
    }

    @ParameterizedTest(name = "SpO2 scale 2 {0} on oxygen {1} -> {2}")
    @CsvSource({
            "80, false, 3", "83, false, 3", "84, false, 2", "85, false, 2", "86, false, 1", "87, false, 1",
            "88, false, 0", "92, false, 0", "93, false, 0", "97, false, 0", "100, false, 0",
            "83, true, 3", "88, true, 0", "92, true, 0", "93, true, 1", "94, true, 1", "95, true, 2", "96, true, 2",
            "97, true, 3", "100, true, 3",
    })
    void spo2Scale2(String value, boolean onOxygen, int score) {
        assertThat(News2.spo2Scale2(new BigDecimal(value), onOxygen)).isEqualTo(score);
    }

    @ParameterizedTest(name = "SBP {0} -> {1}")
    @CsvSource({"60, 3", "90, 3", "91, 2", "100, 2", "101, 1", "110, 1", "111, 0", "219, 0", "220, 3", "250, 3"})
    void systolicPressure(String value, int score) {
        assertThat(News2.systolicPressure(new BigDecimal(value))).isEqualTo(score);
    }

    @ParameterizedTest(name = "pulse {0} -> {1}")
    @CsvSource({"30, 3", "40, 3", "41, 1", "50, 1", "51, 0", "90, 0", "91, 1", "110, 1", "111, 2", "130, 2",
            "131, 3", "180, 3"})
    void pulse(String value, int score) {
        assertThat(News2.pulse(new BigDecimal(value))).isEqualTo(score);
    }

    @ParameterizedTest(name = "temperature {0} -> {1}")
    @CsvSource({"34.0, 3", "35.0, 3", "35.1, 1", "36.0, 1", "36.1, 0", "38.0, 0", "38.1, 1", "39.0, 1",
            "39.1, 2", "41.0, 2"})
    void temperature(String value, int score) {
        assertThat(News2.temperature(new BigDecimal(value))).isEqualTo(score);
    }

    @Test
    void airOxygenAndConsciousness() {
        assertThat(News2.supplementalOxygen(true)).isEqualTo(2);
        assertThat(News2.supplementalOxygen(false)).isZero();
        assertThat(News2.consciousness(true)).isZero();
        assertThat(News2.consciousness(false)).isEqualTo(3);
    }

    @ParameterizedTest(name = "aggregate {0}, single three {1} -> {2}")
    @CsvSource({"0, false, NONE", "4, false, NONE", "3, true, RED_SCORE", "4, true, RED_SCORE", "5, false, URGENT",
            "6, true, URGENT", "7, false, EMERGENCY", "20, true, EMERGENCY"})
    void triggers(int aggregate, boolean singleThree, Trigger trigger) {
        assertThat(News2.trigger(aggregate, singleThree)).isEqualTo(trigger);
    }
}
