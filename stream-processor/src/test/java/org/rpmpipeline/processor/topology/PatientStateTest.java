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
    private static final String STORE = VitalsTopology.PATIENT_STATE_STORE;
    private final LatestMeasurements latest = new LatestMeasurements(Map.of("spo2", T0, "heart-rate", T0));
    private final AdherenceRule.State adherence = new AdherenceRule.State(LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-01-01"), List.of(LocalDate.parse("2026-01-01")), false,
            List.of(LocalDate.parse("2026-01-01")), null);
    private final StateAccounting accounting = new StateAccounting();

    @Test
    void entriesSurviveTheStoredForm() {
        PatientState state = new PatientState(accounting);
        state.put(PatientState.LATEST, latest);
        state.put("adherence", adherence);
        assertThat(state.dirty()).isTrue();

        byte[] bytes = state.toBytes();
        PatientState read = PatientState.fromBytes(bytes, accounting);

        assertThat(StateFormat.isSmile(bytes)).isTrue();
        assertThat(state.dirty()).isFalse();
        assertThat(read.dirty()).isFalse();
        assertThat(read.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(latest);
        assertThat(read.get("adherence", AdherenceRule.State.class)).isEqualTo(adherence);
        assertThat(read.get("spo2-low", ThresholdRule.State.class)).isNull();
        assertThat(accounting.droppedTotal(STORE)).isZero();
    }

    @Test
    void unchangedEntriesAreCopiedAsTheyWereWhenAnotherOneChanges() {
        PatientState read = PatientState.fromBytes(stateWith("adherence", adherence).toBytes(), accounting);
        read.put(PatientState.LATEST, latest);

        PatientState again = PatientState.fromBytes(read.toBytes(), accounting);

        assertThat(again.get("adherence", AdherenceRule.State.class)).isEqualTo(adherence);
        assertThat(again.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(latest);
    }

    @Test
    void removingAnEntryMarksTheStateChanged() {
        PatientState read = PatientState.fromBytes(stateWith("adherence", adherence).toBytes(), accounting);
        read.remove("adherence");
        assertThat(read.dirty()).isTrue();
        assertThat(read.get("adherence", AdherenceRule.State.class)).isNull();
        assertThat(PatientState.fromBytes(read.toBytes(), accounting).isEmpty()).isTrue();
    }

    @Test
    void anUnreadableEntryIsDroppedCountedAndTheOthersKept() {
        PatientState state = stateWith(PatientState.LATEST, latest);
        state.put("spo2-low", Map.of("severity", List.of("not", "a", "severity")));
        PatientState read = PatientState.fromBytes(state.toBytes(), accounting);

        assertThat(read.get("spo2-low", ThresholdRule.State.class)).isNull();
        assertThat(read.dirty()).isTrue();
        assertThat(read.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(latest);
        assertThat(accounting.droppedTotal(STORE)).isEqualTo(1);
    }

    @Test
    void bytesInNoKnownFormatGiveAnEmptyStateToBeRewrittenAndAreCounted() {
        PatientState read = PatientState.fromBytes("{not json".getBytes(StandardCharsets.UTF_8), accounting);
        assertThat(read.isEmpty()).isTrue();
        assertThat(read.dirty()).isTrue();
        assertThat(accounting.droppedTotal(STORE)).isEqualTo(1);
    }

    @Test
    void recordOfTheJsonFormatOneIsReadAndRewrittenInTheCurrentForm() throws Exception {
        byte[] name = PatientState.LATEST.getBytes(StandardCharsets.UTF_8);
        byte[] json = Json.mapper().writeValueAsBytes(latest);
        byte[] earlier = ByteBuffer.allocate(9 + name.length + json.length).put((byte) 1).putInt(name.length)
                .put(name).putInt(json.length).put(json).array();

        PatientState read = PatientState.fromBytes(earlier, accounting);
        assertThat(read.dirty()).as("migrated, so written back").isTrue();
        read.put("adherence", adherence);
        byte[] rewritten = read.toBytes();
        PatientState again = PatientState.fromBytes(rewritten, accounting);

        assertThat(StateFormat.isSmile(rewritten)).isTrue();
        assertThat(again.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(latest);
        assertThat(again.get("adherence", AdherenceRule.State.class)).isEqualTo(adherence);
        assertThat(accounting.droppedTotal(STORE)).isZero();
    }

    private PatientState stateWith(String entry, Object value) {
        PatientState state = new PatientState(accounting);
        state.put(entry, value);
        return state;
    }
}
