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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.rules.AdherenceRule;
import org.rpmpipeline.processor.rules.News2;
import org.rpmpipeline.processor.rules.News2Rule;
import org.rpmpipeline.processor.rules.SustainedRule;
import org.rpmpipeline.processor.rules.ThresholdRule;
import org.rpmpipeline.processor.rules.TrendRule;

class StateCodecTest {
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
                new LatestMeasurements(Map.of("spo2", T0, "heart-rate", Instant.EPOCH)),
                new ReadingDedup.Bucket(T0, List.of("r-1", "é-ünïcode"), true));
    }

    @ParameterizedTest
    @MethodSource("ruleStates")
    void ruleStateSurvivesTheBinaryForm(Object state) {
        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Test
    void decimalsKeepTheirScale() {
        ThresholdRule.State state = new ThresholdRule.State(Severity.HIGH, T0, new BigDecimal("97.0"));

        assertThat(roundTrip(state).worst()).hasToString("97.0");
    }

    @Test
    void bytesOfAnotherShapeDoNotDecode() {
        byte[] threshold = encode(new ThresholdRule.State(Severity.HIGH, T0, BigDecimal.ONE));

        assertThatThrownBy(() -> StateCodec.of(TrendRule.State.class).orElseThrow().read(threshold, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedBytesDoNotDecode() {
        byte[] bytes = encode(new ThresholdRule.State(Severity.HIGH, T0, BigDecimal.ONE));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);

        assertThatThrownBy(() -> StateCodec.of(ThresholdRule.State.class).orElseThrow().read(truncated, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyRecordsOfSupportedTypesHaveABinaryForm() {
        assertThat(StateCodec.of(Map.class)).isEmpty();
        assertThat(StateCodec.of(String.class)).isEmpty();
        assertThat(StateCodec.of(WithObject.class)).isEmpty();
    }

    record WithObject(Object anything) {
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T state) {
        StateCodec<T> codec = StateCodec.of((Class<T>) state.getClass()).orElseThrow();
        return codec.read(encode(state), 0);
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] encode(T state) {
        StateCodec.Out out = new StateCodec.Out(8);
        StateCodec.of((Class<T>) state.getClass()).orElseThrow().write(state, out);
        return out.toByteArray();
    }
}
