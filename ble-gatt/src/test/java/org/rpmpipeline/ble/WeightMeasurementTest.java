package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rpmpipeline.ble.Decoding.malformedDetail;
import static org.rpmpipeline.ble.Decoding.readings;
import static org.rpmpipeline.ble.Decoding.single;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.ble.WeightMeasurement.WeightUnits;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

class WeightMeasurementTest {
    private static final int UUID = 0x2A9D;

    @Test
    void verifiedVector_siWithUserBmiAndHeight() {
        // DOMAIN.md 1.7 VERIFIED: 0C B0 36 05 F5 00 D6 06 -> 70.000 kg, user 5, BMI 24.5, height 1.750 m
        List<DecodedReading> readings = readings(UUID, "0C B0 36 05 F5 00 D6 06");

        assertThat(readings).extracting(DecodedReading::vital)
                .containsExactly(VitalType.BODY_WEIGHT, VitalType.BMI, VitalType.BODY_HEIGHT);
        assertThat(readings).extracting(DecodedReading::value).containsExactly(
                new BigDecimal("70.000"), new BigDecimal("24.5"), new BigDecimal("175.0"));
        assertThat(readings).extracting(DecodedReading::unit).containsExactly("kg", "kg/m2", "cm");
        assertThat(readings.get(0).qualifiers()).containsEntry(GattQualifiers.USER, "5");
    }

    @Test
    void verifiedVector_imperialPounds() {
        // DOMAIN.md 1.7 VERIFIED: 01 54 3D -> 15700 x 0.01 = 157.00 lb = 71.2140020900 kg -> 71.214
        assertThat(single(UUID, "01 54 3D").value()).isEqualTo(new BigDecimal("71.214"));
    }

    @Test
    void imperialHeight_isConvertedToCentimetres() {
        // 689 x 0.1 in = 68.9 in = 175.006 cm -> 175.0
        WeightMeasurement w = new WeightMeasurement(WeightUnits.IMPERIAL, 15700, null, null, 245, 689);

        List<DecodedReading> readings = readings(UUID, Hex.of(w.encode()));

        assertThat(readings.get(1).value()).isEqualTo(new BigDecimal("24.5"));
        assertThat(readings.get(2).value()).isEqualTo(new BigDecimal("175.0"));
    }

    @Test
    void fixedResolutionApplies_notTheFeatureResolution() {
        // DOMAIN.md 5 item 3: raw 120 is 120 x 0.005 kg = 0.600 kg, whatever resolution the scale advertises
        assertThat(single(UUID, "00 78 00").value()).isEqualTo(new BigDecimal("0.600"));
    }

    @Test
    void measurementUnsuccessful_isAnAbsentWeight() {
        DecodedReading reading = single(UUID, "00 FF FF");

        assertThat(reading.value()).isNull();
        assertThat(reading.dataAbsentReason()).isEqualTo(DataAbsentReason.ERROR);
    }

    @Test
    void timestampAndUnknownUser() {
        WeightMeasurement w = new WeightMeasurement(WeightUnits.SI, 16000,
                GattDateTime.of(LocalDateTime.of(2026, 11, 28, 7, 5, 0)), WeightMeasurement.UNKNOWN_USER, null, null);

        DecodedReading reading = single(UUID, Hex.of(w.encode()));

        assertThat(reading.value()).isEqualTo(new BigDecimal("80.000"));
        assertThat(reading.deviceTime()).isEqualTo(LocalDateTime.of(2026, 11, 28, 7, 5, 0));
        assertThat(reading.qualifiers()).doesNotContainKey(GattQualifiers.USER);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"00, weight", "00 B0, weight", "02 B0 36 E8 07, time stamp", "04 B0 36, user id",
        "08 B0 36 F5, bmi", "08 B0 36 F5 00 D6, height"})
    void truncatedPackets_nameTheMissingField(String hex, String field) {
        assertThat(malformedDetail(UUID, hex)).contains("weight measurement").contains("'" + field + "'");
    }

    @Test
    void rfuFlagBits_areIgnored() {
        assertThat(WeightMeasurement.decode(Hex.bytes("F0 B0 36")))
                .isEqualTo(WeightMeasurement.decode(Hex.bytes("00 B0 36")));
    }

    @Test
    void rawFieldsFromValues_requireExactMultiplesOfTheResolution() {
        assertThat(WeightMeasurement.rawWeight(new BigDecimal("70.000"), WeightUnits.SI)).isEqualTo(14000);
        assertThat(WeightMeasurement.rawWeight(new BigDecimal("157"), WeightUnits.IMPERIAL)).isEqualTo(15700);
        assertThat(WeightMeasurement.rawBmi(new BigDecimal("24.5"))).isEqualTo(245);
        assertThat(WeightMeasurement.rawHeight(new BigDecimal("1.75"), WeightUnits.SI)).isEqualTo(1750);
        assertThat(WeightMeasurement.rawHeight(new BigDecimal("68.9"), WeightUnits.IMPERIAL)).isEqualTo(689);
        assertThatThrownBy(() -> WeightMeasurement.rawWeight(new BigDecimal("70.001"), WeightUnits.SI))
                .hasMessageContaining("not a multiple of 0.005");
        assertThatThrownBy(() -> WeightMeasurement.rawWeight(new BigDecimal("400"), WeightUnits.SI))
                .hasMessageContaining("in range");
    }

    @Test
    void bmiAndHeightArePresentTogether() {
        assertThatThrownBy(() -> new WeightMeasurement(WeightUnits.SI, 1, null, null, 245, null))
                .hasMessageContaining("bmi and height");
    }

    @Test
    void encode_verifiedVectorsByteForByte() {
        for (String vector : List.of("0C B0 36 05 F5 00 D6 06", "01 54 3D")) {
            assertThat(Hex.of(WeightMeasurement.decode(Hex.bytes(vector)).encode())).isEqualTo(vector);
        }
    }

    @Test
    void everyFlagCombination_roundTrips() {
        for (int flags = 0; flags < 0x10; flags++) {
            WeightMeasurement w = new WeightMeasurement((flags & 1) != 0 ? WeightUnits.IMPERIAL : WeightUnits.SI,
                    13579, (flags & 2) != 0 ? GattDateTime.of(LocalDateTime.of(2025, 12, 31, 23, 59, 59)) : null,
                    (flags & 4) != 0 ? 2 : null, (flags & 8) != 0 ? 301 : null, (flags & 8) != 0 ? 1620 : null);

            byte[] encoded = w.encode();

            assertThat(encoded[0]).isEqualTo((byte) flags);
            assertThat(WeightMeasurement.decode(encoded)).isEqualTo(w);
        }
    }
}
