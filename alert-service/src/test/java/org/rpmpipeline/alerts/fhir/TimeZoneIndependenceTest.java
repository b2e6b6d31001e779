package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;

/** FHIR timestamps are written in UTC: the same resource text on every host, whatever its time zone. */
class TimeZoneIndependenceTest {
    private static final Instant T0 = Instant.parse("2026-03-15T08:30:00.250Z");

    @Test
    void timestampsAreUtcWhateverTheDefaultZone() {
        String dateTime = inZone("Pacific/Auckland", () -> Fhir.dateTime(T0, TemporalPrecisionEnum.SECOND)
                .getValueAsString());
        String instant = inZone("America/Los_Angeles", () -> Fhir.instant(T0).getValueAsString());

        assertThat(dateTime).isEqualTo("2026-03-15T08:30:00+00:00");
        assertThat(instant).isEqualTo("2026-03-15T08:30:00.250+00:00");
    }

    @Test
    void resourcesAreTheSameTextInEveryZone() {
        Alert alert = new Alert(1, "alert-1", "pat-9", "spo2-low", Severity.HIGH, AlertState.OPEN, List.of("f-1"),
                new BigDecimal("89"), "SpO2 low", T0, T0.plusSeconds(60), "system");
        Notification notification = new Notification(Schema.VERSION, "n-1", "alert-1", "pat-9", "console",
                "care-team", Severity.HIGH, "HIGH spo2-low (alert alert-1)", T0.plusSeconds(5));
        Supplier<String> resources = () -> Fhir.toJson(new ObservationMapper().map(Readings.of(VitalType.SPO2, "91")))
                + Fhir.toJson(new AlertResourceMapper().detectedIssue(alert, List.of()))
                + Fhir.toJson(new AlertResourceMapper().communication(notification));

        assertThat(inZone("Asia/Kolkata", resources)).isEqualTo(inZone("UTC", resources));
    }

    private static <T> T inZone(String zone, Supplier<T> action) {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            return action.get();
        } finally {
            TimeZone.setDefault(before);
        }
    }
}
