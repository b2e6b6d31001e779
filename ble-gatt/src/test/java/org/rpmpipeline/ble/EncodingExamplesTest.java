package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.ble.BloodPressureMeasurement.PressureUnit;
import org.rpmpipeline.ble.HeartRateMeasurement.SensorContact;
import org.rpmpipeline.ble.PlxContinuousMeasurement.Spo2PulseRate;
import org.rpmpipeline.ble.WeightMeasurement.WeightUnits;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/** The encoding examples of the module README: what a simulator encodes decodes to the values it meant. */
class EncodingExamplesTest {

    @Test
    void plxSpotCheck() {
        byte[] spot = new PlxSpotCheckMeasurement(MedFloat.of("94.0"), MedFloat.of("72"),
                GattDateTime.of(LocalDateTime.of(2026, 11, 28, 7, 30, 0)), null, null, null, false).encode();

        List<DecodedReading> readings = Decoding.readings(0x2A5E, Hex.of(spot));

        assertThat(readings).extracting(DecodedReading::value)
                .containsExactly(new BigDecimal("94.0"), new BigDecimal("72"));
        assertThat(readings.get(0).deviceTime()).isEqualTo(LocalDateTime.of(2026, 11, 28, 7, 30, 0));
    }

    @Test
    void bloodPressureWithPulse() {
        byte[] bp = new BloodPressureMeasurement(PressureUnit.MMHG, MedFloat.of("182"), MedFloat.of("121"),
                MedFloat.of("141"), null, MedFloat.of("88"), null, null).encode();

        List<DecodedReading> readings = Decoding.readings(0x2A35, Hex.of(bp));

        assertThat(readings.get(0).components()).extracting(Component::value)
                .containsExactly(new BigDecimal("182"), new BigDecimal("121"), new BigDecimal("141"));
        assertThat(readings.get(1).vital()).isEqualTo(VitalType.HEART_RATE);
        assertThat(readings.get(1).value()).isEqualTo(new BigDecimal("88"));
    }

    @Test
    void heartRateWithRrIntervals() {
        byte[] hr = new HeartRateMeasurement(64, SensorContact.DETECTED, null, List.of(960, 944)).encode();

        DecodedReading reading = Decoding.single(0x2A37, Hex.of(hr));

        assertThat(reading.value()).isEqualTo(new BigDecimal("64"));
        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.RR_INTERVALS_MS, "937.5,921.875");
    }

    @Test
    void weightInKilograms() {
        byte[] weight = new WeightMeasurement(WeightUnits.SI,
                WeightMeasurement.rawWeight(new BigDecimal("81.250"), WeightUnits.SI), null, null, null, null).encode();

        assertThat(Decoding.single(0x2A9D, Hex.of(weight)).value()).isEqualTo(new BigDecimal("81.250"));
    }

    @Test
    void nanSpo2() {
        byte[] nan = new PlxContinuousMeasurement(new Spo2PulseRate(MedFloat.of(MedFloat.Special.NAN),
                MedFloat.of("70")), null, null, null, null, null).encode();

        assertThat(Decoding.readings(0x2A5F, Hex.of(nan)).get(0).dataAbsentReason())
                .isEqualTo(DataAbsentReason.NOT_A_NUMBER);
    }

    @Test
    void valueTooWideForSfloat_failsClearly() {
        PlxSpotCheckMeasurement tooWide = new PlxSpotCheckMeasurement(MedFloat.of("99.99"), MedFloat.of("72"), null,
                null, null, null, false);

        assertThatThrownBy(tooWide::encode).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99.99 does not fit in SFLOAT");
    }
}
