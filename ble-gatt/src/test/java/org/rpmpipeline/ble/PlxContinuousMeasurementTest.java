package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.ble.Decoding.malformedDetail;
import static org.rpmpipeline.ble.Decoding.readings;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.ble.PlxContinuousMeasurement.Spo2PulseRate;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

class PlxContinuousMeasurementTest {
    private static final int UUID = 0x2A5F;
    private static final String ALL_FIELDS = "1F DE F3 CA F3 CA F3 5A F5 D4 F3 B2 F2 20 01 00 00 00 7A E3";

    @Test
    void verifiedVectors_sameValueInTwoEncodings_decodeEqualNumerically() {
        // DOMAIN.md 1.10 VERIFIED: 00 E8 F3 84 F3 -> 100.0 % / 90.0 bpm; 00 64 00 5A 00 -> 100 % / 90 bpm
        List<DecodedReading> scaled = readings(UUID, "00 E8 F3 84 F3");
        List<DecodedReading> plain = readings(UUID, "00 64 00 5A 00");

        assertThat(scaled).extracting(DecodedReading::vital).containsExactly(VitalType.SPO2, VitalType.HEART_RATE);
        assertThat(scaled).extracting(DecodedReading::value)
                .containsExactly(new BigDecimal("100.0"), new BigDecimal("90.0"));
        assertThat(plain).extracting(DecodedReading::value)
                .containsExactly(new BigDecimal("100"), new BigDecimal("90"));
        assertThat(scaled.get(0).deviceTime()).as("no time stamp in PLX continuous").isNull();
        assertThat(scaled.get(0).deviceClockUnset()).isFalse();
    }

    @Test
    void verifiedVector_statusDeviceStatusAndPai() {
        // DOMAIN.md 1.10 VERIFIED: 1C 5F 00 5A 00 20 00 00 00 00 57 F0 -> 95 / 90; status 0x0020; dev 0; PAI 8.7
        List<DecodedReading> readings = readings(UUID, "1C 5F 00 5A 00 20 00 00 00 00 57 F0");

        assertThat(readings).extracting(DecodedReading::value)
                .containsExactly(new BigDecimal("95"), new BigDecimal("90"));
        assertThat(readings.get(0).qualifiers())
                .containsEntry(GattQualifiers.PLX_STATUS, "measurement-ongoing")
                .containsEntry(GattQualifiers.PLX_PAI, "8.7")
                .doesNotContainKey(GattQualifiers.PLX_DEVICE_STATUS);
    }

    @Test
    void verifiedVector_allFields_fastAndSlowAreQualifiers() {
        // DOMAIN.md 1.10 VERIFIED: normal 99.0/97.0, fast 97.0/137.0, slow 98.0/69.0, status 0x0120, PAI 8.90
        List<DecodedReading> readings = readings(UUID, ALL_FIELDS);

        assertThat(readings).extracting(DecodedReading::value)
                .containsExactly(new BigDecimal("99.0"), new BigDecimal("97.0"));
        assertThat(readings.get(1).qualifiers())
                .containsEntry(GattQualifiers.PLX_SPO2_FAST, "97.0")
                .containsEntry(GattQualifiers.PLX_PULSE_RATE_FAST, "137.0")
                .containsEntry(GattQualifiers.PLX_SPO2_SLOW, "98.0")
                .containsEntry(GattQualifiers.PLX_PULSE_RATE_SLOW, "69.0")
                .containsEntry(GattQualifiers.PLX_STATUS, "measurement-ongoing,fully-qualified")
                .containsEntry(GattQualifiers.PLX_PAI, "8.90");
    }

    @Test
    void everyDeviceAndSensorStatusBit_hasAName_andRfuBitsAreIgnored() {
        PlxContinuousMeasurement plx = new PlxContinuousMeasurement(pair("95", "60"), null, null, null, 0xFF_FFFF,
                null);

        String codes = readings(UUID, Hex.of(plx.encode())).get(0).qualifiers().get(GattQualifiers.PLX_DEVICE_STATUS);

        assertThat(codes.split(",")).hasSize(16).startsWith("extended-display-update").endsWith("sensor-disconnected");
    }

    @Test
    void specialValues_andInvalidStatus_becomeAbsent() {
        assertThat(readings(UUID, "00 FF 07 5A 00")).extracting(DecodedReading::dataAbsentReason)
                .containsExactly(DataAbsentReason.NOT_A_NUMBER, null);
        assertThat(readings(UUID, "04 5F 00 5A 00 00 80")).extracting(DecodedReading::dataAbsentReason)
                .containsOnly(DataAbsentReason.ERROR);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"00, spo2 (normal)", "00 5F 00, pulse rate (normal)", "01 5F 00 5A 00, spo2 (fast)",
        "03 5F 00 5A 00 5F 00 5A 00, spo2 (slow)", "02 5F 00 5A 00 5F 00, pulse rate (slow)",
        "04 5F 00 5A 00 20, measurement status", "08 5F 00 5A 00 00 00, device and sensor status",
        "10 5F 00 5A 00 57, pulse amplitude index"})
    void truncatedPackets_nameTheMissingField(String hex, String field) {
        assertThat(malformedDetail(UUID, hex)).contains("PLX continuous measurement").contains("'" + field + "'");
    }

    @Test
    void rfuFlagBits_areIgnored() {
        assertThat(PlxContinuousMeasurement.decode(Hex.bytes("E0 5F 00 5A 00")))
                .isEqualTo(PlxContinuousMeasurement.decode(Hex.bytes("00 5F 00 5A 00")));
    }

    @Test
    void encode_verifiedVectorsByteForByte() {
        for (String vector : List.of(ALL_FIELDS, "1C 5F 00 5A 00 20 00 00 00 00 57 F0", "00 E8 F3 84 F3")) {
            assertThat(Hex.of(PlxContinuousMeasurement.decode(Hex.bytes(vector)).encode())).isEqualTo(vector);
        }
    }

    @Test
    void everyFlagCombination_roundTrips() {
        for (int flags = 0; flags < 0x20; flags++) {
            PlxContinuousMeasurement plx = new PlxContinuousMeasurement(pair("96.5", "71.0"),
                    (flags & 1) != 0 ? pair("95", "80") : null, (flags & 2) != 0 ? pair("97", "65") : null,
                    (flags & 4) != 0 ? 0x0020 : null, (flags & 8) != 0 ? 0x000400 : null,
                    (flags & 0x10) != 0 ? MedFloat.of("3.1") : null);

            byte[] encoded = plx.encode();

            assertThat(encoded[0]).isEqualTo((byte) flags);
            assertThat(PlxContinuousMeasurement.decode(encoded)).isEqualTo(plx);
        }
    }

    private static Spo2PulseRate pair(String spo2, String pulseRate) {
        return new Spo2PulseRate(MedFloat.of(spo2), MedFloat.of(pulseRate));
    }
}
