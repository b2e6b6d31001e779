package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.rules.AdherenceRule;
import org.rpmpipeline.processor.rules.News2;
import org.rpmpipeline.processor.rules.News2Rule;
import org.rpmpipeline.processor.rules.SustainedRule;
import org.rpmpipeline.processor.rules.ThresholdRule;
import org.rpmpipeline.processor.rules.TrendRule;

class StateFormatTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00.123456789Z");
    private static final LocalDate D0 = LocalDate.parse("2026-01-01");

    /** One state of every rule kind, with nulls, nanoseconds and decimals of several scales. */
    static Stream<Object> ruleStates() {
        return Stream.of(
                new ThresholdRule.State(Severity.HIGH, T0, new BigDecimal("86.0")),
                new SustainedRule.State(T0, T0.plusSeconds(60), T0.plusSeconds(120), 3, true,
                        new BigDecimal("-1.5E+3"), List.of(new Evidence("r-1", VitalType.SPO2, new BigDecimal("88"),
                                "%", T0)), List.of("dev-1", "dev-2")),
                new SustainedRule.State(null, null, T0, 0, false, null, List.of(), List.of()),
                new TrendRule.State(List.of(new TrendRule.Point(T0, new BigDecimal("81.25"), "r-2", "scale-1")),
                        null),
                new News2Rule.State(Map.of("spo2", new News2Rule.Latest(new BigDecimal("97"), T0, "r-3", "dev-1"),
                        "heart-rate", new News2Rule.Latest(new BigDecimal("123456789012345678901234567890.5"), T0,
                                "r-4", "dev-1")), News2.Trigger.URGENT, T0, T0.plusSeconds(5)),
                new AdherenceRule.State(D0, D0, List.of(D0, D0.plusDays(3)), true, List.of(D0.minusDays(40), D0),
                        D0.plusDays(2)),
                new LatestMeasurements(Map.of("spo2", T0, "heart-rate", Instant.EPOCH,
                        "body-weight", Instant.parse("1969-12-31T23:59:59.999999999Z"))),
                new ReadingDedup.Bucket(T0, List.of("r-1", "é-ünïcode"), true));
    }

    @ParameterizedTest
    @MethodSource("ruleStates")
    void ruleStateSurvivesTheStoredForm(Object state) throws Exception {
        byte[] bytes = StateFormat.encode(state);

        assertThat(StateFormat.isSmile(bytes)).isTrue();
        assertThat(StateFormat.decode(bytes, state.getClass())).isEqualTo(state);
    }

    @Test
    void decimalsKeepTheirScale() throws Exception {
        ThresholdRule.State state = new ThresholdRule.State(Severity.HIGH, T0, new BigDecimal("97.0"));

        assertThat(StateFormat.decode(StateFormat.encode(state), ThresholdRule.State.class).worst())
                .hasToString("97.0");
    }

    /** The adherence state as a later build might have it: one field more, and one of today's gone. */
    record AdherenceStateWithAddedField(LocalDate firstDay, LocalDate periodStart, List<LocalDate> days,
            boolean flagged, List<LocalDate> recentDays, LocalDate reportedThrough, String programme,
            int reminders) {
    }

    record AdherenceStateWithoutFlag(LocalDate firstDay, LocalDate periodStart, List<LocalDate> days,
            List<LocalDate> recentDays, LocalDate reportedThrough) {
    }

    @Test
    void aFieldAddedToAStateRecordKeepsTheRestOfTheState() throws Exception {
        AdherenceRule.State stored = new AdherenceRule.State(D0, D0, List.of(D0, D0.plusDays(1), D0.plusDays(4)),
                true, List.of(D0, D0.plusDays(1), D0.plusDays(4)), D0.plusDays(4));

        AdherenceStateWithAddedField read = StateFormat.decode(StateFormat.encode(stored),
                AdherenceStateWithAddedField.class);

        assertThat(read).isEqualTo(new AdherenceStateWithAddedField(D0, D0, stored.days(), true,
                stored.recentDays(), D0.plusDays(4), null, 0));
    }

    @Test
    void aFieldRemovedFromAStateRecordKeepsTheRestOfTheState() throws Exception {
        AdherenceRule.State stored = new AdherenceRule.State(D0, D0, List.of(D0, D0.plusDays(2)), true,
                List.of(D0, D0.plusDays(2)), D0.plusDays(2));

        AdherenceStateWithoutFlag read = StateFormat.decode(StateFormat.encode(stored),
                AdherenceStateWithoutFlag.class);

        assertThat(read).isEqualTo(new AdherenceStateWithoutFlag(D0, D0, stored.days(), stored.recentDays(),
                D0.plusDays(2)));
    }

    @Test
    void stateWrittenByALaterBuildWithMoreFieldsIsReadByThisOne() throws Exception {
        AdherenceStateWithAddedField later = new AdherenceStateWithAddedField(D0, D0, List.of(D0), false,
                List.of(D0), null, "ccm", 2);

        assertThat(StateFormat.decode(StateFormat.encode(later), AdherenceRule.State.class))
                .isEqualTo(new AdherenceRule.State(D0, D0, List.of(D0), false, List.of(D0), null));
    }

    @Test
    void truncatedBytesDoNotDecode() {
        byte[] bytes = StateFormat.encode(new ThresholdRule.State(Severity.HIGH, T0, BigDecimal.ONE));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);

        assertThatThrownBy(() -> StateFormat.decode(truncated, ThresholdRule.State.class))
                .isInstanceOf(Exception.class);
    }

    @Test
    void aValueOfAnIncompatibleTypeDoesNotDecode() {
        byte[] trend = StateFormat.encode(new TrendRule.State(List.of(), T0));

        assertThatThrownBy(() -> StateFormat.decode(trend, AdherenceRule.State.class))
                .isInstanceOf(Exception.class);
    }
}
