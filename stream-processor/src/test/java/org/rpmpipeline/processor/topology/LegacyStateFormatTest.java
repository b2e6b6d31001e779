package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

/** Stored state of format 2 (checked-in bytes, see src/test/resources/state/v2) read by this build. */
class LegacyStateFormatTest {
    private static final String STORE = VitalsTopology.PATIENT_STATE_STORE;
    private static final Instant JAN_15_0900 = Instant.parse("2026-01-15T09:00:00Z");
    private static final Instant JAN_15_0912 = Instant.parse("2026-01-15T09:12:00Z");
    private static final String SPO2_88 = "d1778d64-e5b0-3c58-9307-aecc66b29514";
    private static final String PULSE_118 = "37752896-5aef-312f-8782-102a618c350f";

    private final StateAccounting accounting = new StateAccounting();

    @Test
    void frozenShapesHaveTheFingerprintsFormatTwoWrote() {
        assertThat(LegacyStateFormat.FROZEN_SHAPES).extracting(String::hashCode)
                .containsExactly(-843792294, -1095149318, -1635634610, 1890420850, -1109324161, 2061749634,
                        -85809768);
    }

    @Test
    void patientStateOfFormatTwoKeepsTheAdherenceCountAndTheDedupIds() {
        PatientState state = PatientState.fromBytes(StateFixtures.formatTwo(STORE).get("pat-1"), accounting);

        AdherenceRule.State adherence = state.get("adherence", AdherenceRule.State.class);
        List<LocalDate> sixDays = List.of(LocalDate.parse("2026-01-10"), LocalDate.parse("2026-01-11"),
                LocalDate.parse("2026-01-12"), LocalDate.parse("2026-01-13"), LocalDate.parse("2026-01-14"),
                LocalDate.parse("2026-01-15"));
        assertThat(adherence).isEqualTo(new AdherenceRule.State(LocalDate.parse("2026-01-10"),
                LocalDate.parse("2026-01-10"), sixDays, false, sixDays, LocalDate.parse("2026-01-15")));
        assertThat(adherence.days()).hasSize(6);
        assertThat(state.get(ReadingDedup.ENTRY, ReadingDedup.Bucket.class)).isEqualTo(new ReadingDedup.Bucket(
                Instant.parse("2026-01-15T09:10:00Z"), List.of(SPO2_88, PULSE_118), false));
        assertThat(accounting.droppedTotal(STORE)).isZero();
    }

    @Test
    void patientStateOfFormatTwoKeepsEveryRuleState() {
        PatientState state = PatientState.fromBytes(StateFixtures.formatTwo(STORE).get("pat-1"), accounting);

        assertThat(state.dirty()).as("migrated, so written back in the current form").isTrue();
        assertThat(state.get(PatientState.LATEST, LatestMeasurements.class)).isEqualTo(new LatestMeasurements(
                Map.of("body-weight", JAN_15_0900, "body-temperature", JAN_15_0900, "blood-pressure", JAN_15_0900,
                        "heart-rate", JAN_15_0912, "spo2", JAN_15_0912)));
        assertThat(state.get("spo2-low", ThresholdRule.State.class))
                .isEqualTo(new ThresholdRule.State(Severity.HIGH, JAN_15_0912, new BigDecimal("88")));
        assertThat(state.get("heart-rate-high", ThresholdRule.State.class))
                .isEqualTo(new ThresholdRule.State(Severity.MODERATE, JAN_15_0912, new BigDecimal("118")));
        assertThat(state.get("spo2-sustained-low", SustainedRule.State.class)).isEqualTo(new SustainedRule.State(
                JAN_15_0912, JAN_15_0912, JAN_15_0912, 1, false, new BigDecimal("88"),
                List.of(new Evidence(SPO2_88, VitalType.SPO2, new BigDecimal("88"), "%", JAN_15_0912)),
                List.of("dev-1")));
        News2Rule.State news2 = state.get("news2", News2Rule.State.class);
        assertThat(news2.trigger()).isEqualTo(News2.Trigger.URGENT);
        assertThat(news2.episodeStart()).isEqualTo(JAN_15_0912);
        assertThat(news2.latest()).containsEntry("body-temperature", new News2Rule.Latest(new BigDecimal("37.0"),
                JAN_15_0900, "e1baafa0-8bb9-34b5-ba3c-140bc6fa6290", "dev-1")).hasSize(4);
        TrendRule.State trend = state.get("hf-weight-gain", TrendRule.State.class);
        assertThat(trend.points()).extracting(TrendRule.Point::value).extracting(BigDecimal::toString)
                .containsExactly("80.2", "80.3", "80.4", "80.5");
        assertThat(trend.episodeStart()).isNull();
        assertThat(accounting.droppedTotal(STORE)).isZero();
    }

    @Test
    void migratedPatientStateIsWrittenBackInTheCurrentFormUnchanged() {
        byte[] legacy = StateFixtures.formatTwo(STORE).get("pat-2");
        PatientState migrated = PatientState.fromBytes(legacy, accounting);

        byte[] rewritten = migrated.toBytes();
        PatientState read = PatientState.fromBytes(rewritten, accounting);

        assertThat(legacy[0]).isEqualTo((byte) 2);
        assertThat(StateFormat.isSmile(rewritten)).isTrue();
        assertThat(read.dirty()).isFalse();
        assertThat(read.get("adherence", AdherenceRule.State.class)).isEqualTo(new AdherenceRule.State(
                LocalDate.parse("2026-01-16"), LocalDate.parse("2026-01-16"), List.of(LocalDate.parse("2026-01-16")),
                false, List.of(LocalDate.parse("2026-01-16")), null));
        assertThat(read.get(ReadingDedup.ENTRY, ReadingDedup.Bucket.class).ids())
                .containsExactly("177eb6ec-f1c7-3bfc-8ec9-8d105e7f54f4");
    }

    @Test
    void dedupRecordsOfFormatTwoAreRead() throws Exception {
        Map<String, byte[]> records = StateFixtures.formatTwo(VitalsTopology.DEDUP_STORE);
        assertThat(records).hasSize(11);

        ReadingDedup.Bucket jan14 = StateFormat.decode(LegacyStateFormat.toSmile(records.get("pat-1@1768381800000"),
                0), ReadingDedup.Bucket.class);

        assertThat(jan14).isEqualTo(new ReadingDedup.Bucket(Instant.parse("2026-01-14T09:10:00Z"),
                List.of("49a930f6-60e7-3427-9f77-cb36fc1f29d2", "e7035302-0f69-331b-8e13-63bd535ecbc4"), false));
        for (byte[] record : records.values()) {
            assertThat(StateFormat.decode(LegacyStateFormat.toSmile(record, 0), ReadingDedup.Bucket.class).ids())
                    .isNotEmpty();
        }
    }

    @Test
    void anEntryOfAnUnknownShapeIsDroppedCountedAndTheOthersKept() {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(2);
        entry(record, "custom", new byte[] {1, 0, 0, 0, 0, 1, 2});
        entry(record, "@latest", concat(new byte[] {0}, "{\"latest\":{\"spo2\":\"2026-01-10T08:00:00Z\"}}"
                .getBytes(StandardCharsets.UTF_8)));

        PatientState state = PatientState.fromBytes(record.toByteArray(), accounting);

        assertThat(state.get(PatientState.LATEST, LatestMeasurements.class))
                .isEqualTo(new LatestMeasurements(Map.of("spo2", Instant.parse("2026-01-10T08:00:00Z"))));
        assertThat(state.get("custom", ThresholdRule.State.class)).isNull();
        assertThat(accounting.droppedTotal(STORE)).isEqualTo(1);
    }

    @Test
    void truncatedPositionalBytesAreNotRead() {
        byte[] jan14 = StateFixtures.formatTwo(VitalsTopology.DEDUP_STORE).get("pat-1@1768381800000");
        byte[] truncated = java.util.Arrays.copyOf(jan14, jan14.length - 1);

        assertThatThrownBy(() -> LegacyStateFormat.toSmile(truncated, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A format-2 entry: varint (zig-zag) lengths of name and value, each under 64 bytes here. */
    private static void entry(ByteArrayOutputStream out, String name, byte[] value) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        out.write(utf8.length * 2);
        out.writeBytes(utf8);
        out.write(value.length * 2);
        out.writeBytes(value);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
