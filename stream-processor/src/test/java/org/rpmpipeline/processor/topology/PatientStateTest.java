package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.processor.rules.AdherenceRule;
import org.rpmpipeline.processor.rules.ThresholdRule;

class PatientStateTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00.123Z");
    private final LatestMeasurements latest = new LatestMeasurements(Map.of("spo2", T0, "heart-rate", T0));
    private final AdherenceRule.State adherence = new AdherenceRule.State(LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-01-01"), List.of(LocalDate.parse("2026-01-01")), false,
            List.of(LocalDate.parse("2026-01-01")), null);

    @Test
    void entriesSurviveTheStoredForm() {
        PatientState state = new PatientState();
        state.put(PatientState.LATEST, latest);
        state.put("adherence", adherence);
        assertThat(state.dirty()).isTrue();

        PatientState read = PatientState.fromBytes(state.toBytes());

        assertThat(state.dirty()).isFalse();
        assertThat(read.dirty()).isFalse();
        assertThat(read.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(latest);
        assertThat(read.get("adherence", AdherenceRule.State.class)).isEqualTo(adherence);
        assertThat(read.get("spo2-low", ThresholdRule.State.class)).isNull();
    }

    @Test
    void removingAnEntryMarksTheStateChanged() {
        PatientState read = PatientState.fromBytes(stateWith("adherence", adherence).toBytes());
        read.remove("adherence");
        assertThat(read.dirty()).isTrue();
        assertThat(read.get("adherence", AdherenceRule.State.class)).isNull();
        assertThat(PatientState.fromBytes(read.toBytes()).isEmpty()).isTrue();
    }

    @Test
    void anUnreadableEntryIsDroppedAndTheOthersKept() {
        PatientState state = stateWith(PatientState.LATEST, latest);
        state.put("spo2-low", Map.of("severity", List.of("not", "a", "severity")));
        PatientState read = PatientState.fromBytes(state.toBytes());

        assertThat(read.get("spo2-low", ThresholdRule.State.class)).isNull();
        assertThat(read.dirty()).isTrue();
        assertThat(read.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(latest);
    }

    @Test
    void bytesInNoKnownFormatGiveAnEmptyStateToBeRewritten() {
        PatientState read = PatientState.fromBytes("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(read.isEmpty()).isTrue();
        assertThat(read.dirty()).isTrue();
    }

    @Test
    void recordOfTheEarlierJsonFormIsReadAndRewrittenInTheCurrentForm() throws Exception {
        byte[] name = PatientState.LATEST.getBytes(StandardCharsets.UTF_8);
        byte[] json = Json.mapper().writeValueAsBytes(latest);
        byte[] earlier = ByteBuffer.allocate(9 + name.length + json.length).put((byte) 1).putInt(name.length)
                .put(name).putInt(json.length).put(json).array();

        PatientState read = PatientState.fromBytes(earlier);
        read.put("adherence", adherence);
        PatientState rewritten = PatientState.fromBytes(read.toBytes());

        assertThat(rewritten.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(latest);
        assertThat(rewritten.get("adherence", AdherenceRule.State.class)).isEqualTo(adherence);
    }

    @Test
    void stateWithoutABinaryFormIsKeptAsJson() {
        PatientState read = PatientState.fromBytes(stateWith("custom", Map.of("a", 1)).toBytes());

        assertThat(read.get("custom", Map.class)).isEqualTo(Map.of("a", 1));
    }

    private static PatientState stateWith(String entry, Object value) {
        PatientState state = new PatientState();
        state.put(entry, value);
        return state;
    }
}
