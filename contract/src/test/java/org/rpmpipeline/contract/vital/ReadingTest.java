package org.rpmpipeline.contract.vital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;

class ReadingTest {
    private static final Instant MEASURED = Instant.parse("2026-03-15T08:30:00Z");

    static Reading spo2(BigDecimal value, String unit) {
        return new Reading(Schema.VERSION, "r-1", "patient-1", "ox-1", null, VitalType.SPO2, value, unit, null,
                null, MEASURED, MEASURED.plusSeconds(1), TimeSource.DEVICE, "c-1", null);
    }

    @Test
    void acceptsValueInCanonicalUnit() {
        Reading reading = spo2(new BigDecimal("94.0"), "%");

        assertThat(reading.valueOf(VitalType.SPO2)).contains(new BigDecimal("94.0"));
        assertThat(reading.components()).isEmpty();
        assertThat(reading.qualifiers()).isEmpty();
    }

    @Test
    void rejectsUnitOtherThanTheVitalsUcumUnit() {
        assertThatThrownBy(() -> spo2(new BigDecimal("94"), "percent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spo2").hasMessageContaining("\"%\"");
    }

    @Test
    void rejectsBothValueAndDataAbsentReason() {
        assertThatThrownBy(() -> new Reading(Schema.VERSION, "r-1", "patient-1", "ox-1", null, VitalType.SPO2,
                BigDecimal.TEN, "%", DataAbsentReason.NOT_A_NUMBER, null, MEASURED, MEASURED, null, null, null))
                .hasMessageContaining("exactly one of value and dataAbsentReason");
    }

    @Test
    void acceptsDataAbsentReasonInsteadOfValue() {
        Reading reading = new Reading(Schema.VERSION, "r-1", "patient-1", "ox-1", null, VitalType.SPO2, null, "%",
                DataAbsentReason.NOT_A_NUMBER, null, MEASURED, MEASURED, null, null, null);

        assertThat(reading.valueOf(VitalType.SPO2)).isEmpty();
        assertThat(reading.timeSource()).isEqualTo(TimeSource.DEVICE);
    }

    @Test
    void bloodPressurePanelCarriesComponentsAndExposesTheirValues() {
        Reading bp = new Reading(Schema.VERSION, "r-2", "patient-1", "bp-1", "hub-1", VitalType.BLOOD_PRESSURE,
                null, null, null, List.of(Component.of(VitalType.SYSTOLIC_BP, new BigDecimal("138")),
                        Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("88"))),
                MEASURED, MEASURED, TimeSource.DEVICE, null, null);

        assertThat(bp.valueOf(VitalType.SYSTOLIC_BP)).contains(new BigDecimal("138"));
        assertThat(bp.valueOf(VitalType.MEAN_BP)).isEmpty();
    }

    @Test
    void panelWithoutComponentsIsRejected() {
        assertThatThrownBy(() -> new Reading(Schema.VERSION, "r-2", "patient-1", "bp-1", null,
                VitalType.BLOOD_PRESSURE, null, null, null, List.of(), MEASURED, MEASURED, null, null, null))
                .hasMessageContaining("needs at least one component");
    }

    @Test
    void componentOfAnotherPanelIsRejected() {
        assertThatThrownBy(() -> new Reading(Schema.VERSION, "r-2", "patient-1", "bp-1", null,
                VitalType.BLOOD_PRESSURE, null, null, null, List.of(Component.of(VitalType.SPO2, BigDecimal.ONE)),
                MEASURED, MEASURED, null, null, null))
                .hasMessageContaining("spo2 is not a component of blood-pressure");
    }

    @Test
    void unknownSchemaVersionIsRejected() {
        assertThatThrownBy(() -> new Reading(2, "r-1", "patient-1", "ox-1", null, VitalType.SPO2, BigDecimal.TEN,
                "%", null, null, MEASURED, MEASURED, null, null, null))
                .hasMessageContaining("unsupported schemaVersion 2");
    }

    @Test
    void identifierWithSpacesOrSlashesIsRejected() {
        assertThatThrownBy(() -> new Reading(Schema.VERSION, "r-1", "patient 1", "ox-1", null, VitalType.SPO2,
                BigDecimal.TEN, "%", null, null, MEASURED, MEASURED, null, null, null))
                .hasMessageContaining("patientId");
    }

    @Test
    void readingIdIsPinned() {
        // golden: the processor's dedup and the alert service's Observations rest on these ids across upgrades, so a
        // change to their derivation must fail here (name-based UUID of "reading|device|vital|instant|discriminator")
        assertThat(Reading.idFor("ox-1", VitalType.SPO2, MEASURED, "94"))
                .isEqualTo("b11b471f-6233-316a-bc41-6a5b2c7dc02d");
        assertThat(Reading.idFor("ox-1", VitalType.SPO2, MEASURED, null))
                .isEqualTo("062f23c0-a264-36ff-89db-53b34b7fd81a");
    }

    @Test
    void readingIdDiffersWithTimeAndDiscriminator() {
        assertThat(List.of(Reading.idFor("ox-1", VitalType.SPO2, MEASURED, "94"),
                Reading.idFor("ox-1", VitalType.SPO2, MEASURED.plusSeconds(1), "94"),
                Reading.idFor("ox-1", VitalType.SPO2, MEASURED, "95"),
                Reading.idFor("ox-1", VitalType.HEART_RATE, MEASURED, "94"),
                Reading.idFor("ox-2", VitalType.SPO2, MEASURED, "94"))).doesNotHaveDuplicates();
    }

    @Test
    void vitalCodesRoundTripAndUnknownCodesNameTheAlternatives() {
        for (VitalType type : VitalType.values()) {
            assertThat(VitalType.fromCode(type.code())).isEqualTo(type);
        }
        assertThatThrownBy(() -> VitalType.fromCode("spo3")).hasMessageContaining("unknown vital \"spo3\"")
                .hasMessageContaining("spo2");
    }
}
