package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.ble.Decoding.malformedDetail;
import static org.rpmpipeline.ble.Decoding.readings;
import static org.rpmpipeline.ble.Decoding.single;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.ble.GlucoseMeasurement.ConcentrationUnit;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

class GlucoseMeasurementTest {
    private static final int UUID = 0x2A18;
    private static final String ALL_FIELDS = "1B 01 00 E3 07 02 1B 0B 0A 1E FB FF 1E 00 12 05 01";
    private static final GattDateTime BASE = GattDateTime.of(LocalDateTime.of(2024, 3, 15, 8, 30, 0));

    @Test
    void verifiedVector_offsetConcentrationStatusAndContext() {
        // DOMAIN.md 1.8 VERIFIED layout: seq 1; base 2019-02-27 11:10:30, offset -5 min; 30 kg/L; capillary plasma,
        // finger; status 0x0105 = battery low + sample size insufficient + sensor temperature too low
        DecodedReading reading = single(UUID, ALL_FIELDS);

        assertThat(reading.vital()).isEqualTo(VitalType.GLUCOSE);
        assertThat(reading.value()).isEqualTo(new BigDecimal("3000000"));
        assertThat(reading.unit()).isEqualTo("mg/dL");
        assertThat(reading.deviceTime()).isEqualTo(LocalDateTime.of(2019, 2, 27, 11, 5, 30));
        assertThat(reading.discriminator()).isEqualTo("1");
        assertThat(reading.qualifiers())
                .containsEntry(GattQualifiers.GLUCOSE_TYPE, "capillary-plasma")
                .containsEntry(GattQualifiers.GLUCOSE_LOCATION, "finger")
                .containsEntry(GattQualifiers.GLUCOSE_STATUS,
                        "battery-low,sample-size-insufficient,sensor-temperature-too-low")
                .containsEntry(GattQualifiers.GLUCOSE_CONTEXT_FOLLOWS, "true")
                .doesNotContainKey(GattQualifiers.GLUCOSE_CONTROL_SOLUTION);
    }

    @Test
    void constructedVector_90MgPerDl() {
        // DOMAIN.md 1.8 CONSTRUCTED: 02 2A 00 E8 07 03 0F 08 1E 00 5A B0 11 -> seq 42, 2024-03-15 08:30:00,
        // 90 x 10^-5 kg/L = 90 mg/dL, capillary whole blood, finger
        DecodedReading reading = single(UUID, "02 2A 00 E8 07 03 0F 08 1E 00 5A B0 11");

        assertThat(reading.value()).isEqualTo(new BigDecimal("90"));
        assertThat(reading.deviceTime()).isEqualTo(LocalDateTime.of(2024, 3, 15, 8, 30, 0));
        assertThat(reading.discriminator()).isEqualTo("42");
        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.GLUCOSE_TYPE, "capillary-whole-blood");
    }

    @Test
    void constructedVector_molPerLitreToMmolPerLitre() {
        // DOMAIN.md 1.8 CONSTRUCTED: 32 C0 = 50 x 10^-4 mol/L = 5.0 mmol/L
        GlucoseMeasurement g = new GlucoseMeasurement(7, BASE, null, ConcentrationUnit.MOL_PER_L,
                MedFloat.fromSfloat(0xC032), 1, 1, null, false);

        DecodedReading reading = single(UUID, Hex.of(g.encode()));

        assertThat(reading.vital()).isEqualTo(VitalType.GLUCOSE_MOLAR);
        assertThat(reading.value()).isEqualTo(new BigDecimal("5.0"));
        assertThat(reading.unit()).isEqualTo("mmol/L");
    }

    @ParameterizedTest(name = "type {0}, location {1}")
    @CsvSource({"10, 1", "1, 4", "10, 4"})
    void controlSolution_isDecodedButFlagged(int type, int location) {
        GlucoseMeasurement g = new GlucoseMeasurement(9, BASE, null, ConcentrationUnit.KG_PER_L,
                MedFloat.of("0.00105"), type, location, null, false);

        DecodedReading reading = single(UUID, Hex.of(g.encode()));

        assertThat(reading.value()).isEqualTo(new BigDecimal("105"));
        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.GLUCOSE_CONTROL_SOLUTION, "true");
    }

    @ParameterizedTest(name = "status bit {0} -> {1}")
    @CsvSource({"0, battery-low", "1, sensor-malfunction", "2, sample-size-insufficient", "3, strip-insertion-error",
        "4, strip-type-incorrect", "5, result-too-high", "6, result-too-low", "7, sensor-temperature-too-high",
        "8, sensor-temperature-too-low", "9, read-interrupted", "10, device-fault", "11, time-fault"})
    void sensorStatusAnnunciation_followsTheSigBitOrder(int bit, String code) {
        // DOMAIN.md 5 item 4: bit 5 = higher, bit 6 = lower than the device can process (SIG), not swapped
        GlucoseMeasurement g = new GlucoseMeasurement(1, BASE, null, ConcentrationUnit.KG_PER_L,
                MedFloat.of("0.00090"), 1, 1, 1 << bit, false);

        assertThat(single(UUID, Hex.of(g.encode())).qualifiers()).containsEntry(GattQualifiers.GLUCOSE_STATUS, code);
    }

    @Test
    void rfuStatusBits_areIgnored() {
        GlucoseMeasurement g = new GlucoseMeasurement(1, BASE, null, ConcentrationUnit.KG_PER_L,
                MedFloat.of("0.00090"), 1, 1, 0xF000, false);

        assertThat(single(UUID, Hex.of(g.encode())).qualifiers()).doesNotContainKey(GattQualifiers.GLUCOSE_STATUS);
    }

    @ParameterizedTest(name = "type {0} -> {1}")
    @CsvSource({"1, capillary-whole-blood", "2, capillary-plasma", "3, venous-whole-blood", "4, venous-plasma",
        "5, arterial-whole-blood", "6, arterial-plasma", "7, undetermined-whole-blood", "8, undetermined-plasma",
        "9, interstitial-fluid", "10, control-solution", "0, reserved-0", "15, reserved-15"})
    void everyType(int type, String code) {
        GlucoseMeasurement g = new GlucoseMeasurement(1, BASE, null, ConcentrationUnit.KG_PER_L,
                MedFloat.of("0.00090"), type, 15, null, false);

        assertThat(single(UUID, Hex.of(g.encode())).qualifiers())
                .containsEntry(GattQualifiers.GLUCOSE_TYPE, code)
                .containsEntry(GattQualifiers.GLUCOSE_LOCATION, "not-available");
    }

    @ParameterizedTest(name = "location {0} -> {1}")
    @CsvSource({"1, finger", "2, alternate-site", "3, earlobe", "4, control-solution", "15, not-available",
        "0, reserved-0", "5, reserved-5"})
    void everyLocation(int location, String code) {
        GlucoseMeasurement g = new GlucoseMeasurement(1, BASE, null, ConcentrationUnit.KG_PER_L,
                MedFloat.of("0.00090"), 1, location, null, false);

        assertThat(single(UUID, Hex.of(g.encode())).qualifiers()).containsEntry(GattQualifiers.GLUCOSE_LOCATION, code);
    }

    @Test
    void specialConcentration_isAbsent() {
        GlucoseMeasurement g = new GlucoseMeasurement(3, BASE, null, ConcentrationUnit.KG_PER_L,
                MedFloat.of(MedFloat.Special.POSITIVE_INFINITY), 1, 1, 1 << 5, false);

        DecodedReading reading = single(UUID, Hex.of(g.encode()));

        assertThat(reading.value()).isNull();
        assertThat(reading.dataAbsentReason()).isEqualTo(DataAbsentReason.POSITIVE_INFINITY);
    }

    @Test
    void noConcentration_yieldsNoReading() {
        assertThat(readings(UUID, "00 2A 00 E8 07 03 0F 08 1E 00")).isEmpty();
    }

    @Test
    void unknownBaseDate_meansClockUnset() {
        DecodedReading reading = single(UUID, "03 2A 00 00 00 00 00 08 1E 00 05 00 5A B0 11");

        assertThat(reading.deviceTime()).isNull();
        assertThat(reading.deviceClockUnset()).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"00, sequence number", "00 2A 00 E8 07 03, base time", "01 2A 00 E8 07 03 0F 08 1E 00 FB, time offset",
        "02 2A 00 E8 07 03 0F 08 1E 00 5A, glucose concentration",
        "02 2A 00 E8 07 03 0F 08 1E 00 5A B0, type-sample location",
        "08 2A 00 E8 07 03 0F 08 1E 00 05, sensor status annunciation"})
    void truncatedPackets_nameTheMissingField(String hex, String field) {
        assertThat(malformedDetail(UUID, hex)).contains("glucose measurement").contains("'" + field + "'");
    }

    @Test
    void rfuFlagBits_areIgnored() {
        assertThat(GlucoseMeasurement.decode(Hex.bytes("E2 2A 00 E8 07 03 0F 08 1E 00 5A B0 11")))
                .isEqualTo(GlucoseMeasurement.decode(Hex.bytes("02 2A 00 E8 07 03 0F 08 1E 00 5A B0 11")));
    }

    @Test
    void encode_verifiedVectorByteForByte() {
        assertThat(Hex.of(GlucoseMeasurement.decode(Hex.bytes(ALL_FIELDS)).encode())).isEqualTo(ALL_FIELDS);
    }

    @Test
    void everyFlagCombination_roundTrips() {
        for (int flags = 0; flags < 0x20; flags++) {
            boolean concentration = (flags & 2) != 0;
            GlucoseMeasurement g = new GlucoseMeasurement(65535, BASE, (flags & 1) != 0 ? -32768 : null,
                    (flags & 4) != 0 ? ConcentrationUnit.MOL_PER_L : ConcentrationUnit.KG_PER_L,
                    concentration ? MedFloat.of("0.0062") : null, concentration ? 9 : null,
                    concentration ? 15 : null, (flags & 8) != 0 ? 0x0FFF : null, (flags & 0x10) != 0);

            byte[] encoded = g.encode();

            assertThat(encoded[0]).isEqualTo((byte) flags);
            assertThat(GlucoseMeasurement.decode(encoded)).isEqualTo(g);
        }
    }
}
