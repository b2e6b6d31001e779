package org.rpmpipeline.contract.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.topic.Topics;

class PatientThresholdsTest {
    private static final Instant AT = Instant.parse("2026-03-15T08:30:00Z");

    @Test
    void homeOxygenIsReadFromJsonAndAbsentInOlderRecords() {
        String json = "{\"schemaVersion\":1,\"patientId\":\"patient-1\",\"version\":3,"
                + "\"effectiveFrom\":\"2026-03-15T08:30:00Z\",\"spo2Scale\":2,\"homeOxygenFlow\":2.0}";
        String older = "{\"schemaVersion\":1,\"patientId\":\"patient-1\",\"version\":2,"
                + "\"effectiveFrom\":\"2026-03-15T08:30:00Z\",\"spo2Scale\":2}";

        PatientThresholds record = read(json);
        PatientThresholds previous = read(older);

        assertThat(record.homeOxygenFlow()).isEqualByComparingTo("2.0");
        assertThat(record.onHomeOxygen()).isTrue();
        assertThat(previous.homeOxygenFlow()).isNull();
        assertThat(previous.onHomeOxygen()).isFalse();
    }

    @Test
    void aFlowOutsideThePlausibleRangeIsRejected() {
        assertThatThrownBy(() -> new PatientThresholds(Schema.VERSION, "patient-1", 1, AT, null, null, null, null,
                new BigDecimal("71"))).hasMessage("homeOxygenFlow must be between 0 and 70 L/min, was 71");
        assertThatThrownBy(() -> new PatientThresholds(Schema.VERSION, "patient-1", 1, AT, null, null, null, null,
                new BigDecimal("-1"))).hasMessageContaining("was -1");
        assertThat(new PatientThresholds(Schema.VERSION, "patient-1", 1, AT, null, null, null, null,
                BigDecimal.ZERO).onHomeOxygen()).isFalse();
    }

    private static PatientThresholds read(String json) {
        return Topics.PATIENT_THRESHOLDS.valueSerde().deserializer()
                .deserialize(Topics.PATIENT_THRESHOLDS.name(), json.getBytes(StandardCharsets.UTF_8));
    }
}
