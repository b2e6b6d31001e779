package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.ble.Decoding.malformedDetail;
import static org.rpmpipeline.ble.Decoding.readings;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

class PlxSpotCheckMeasurementTest {
    private static final int UUID = 0x2A5E;
    private static final String ALL_BUT_CLOCK = "0F AC F3 BE F5 E8 07 0B 1D 17 08 39 20 40 22 00 00 66 E3";

    @Test
    void verifiedVector_allOptionalFields() {
        // DOMAIN.md 1.9 VERIFIED (flags 0x0F): SpO2 94.0 %, PR 147.0 bpm, 2024-11-29 23:08:57, status 0x4020,
        // device/sensor 0x000022, PAI 8.70 %
        List<DecodedReading> readings = readings(UUID, ALL_BUT_CLOCK);

        assertThat(readings).extracting(DecodedReading::vital).containsExactly(VitalType.SPO2, VitalType.HEART_RATE);
        assertThat(readings.get(0).value()).isEqualTo(new BigDecimal("94.0"));
        assertThat(readings.get(0).unit()).isEqualTo("%");
        assertThat(readings.get(1).value()).isEqualTo(new BigDecimal("147.0"));
        assertThat(readings.get(1).unit()).isEqualTo("/min");
        for (DecodedReading reading : readings) {
            assertThat(reading.deviceTime()).isEqualTo(LocalDateTime.of(2024, 11, 29, 23, 8, 57));
            assertThat(reading.deviceClockUnset()).isFalse();
            assertThat(reading.qualifiers())
                    .containsEntry(GattQualifiers.PLX_STATUS, "measurement-ongoing,questionable")
                    .containsEntry(GattQualifiers.PLX_DEVICE_STATUS, "equipment-malfunction,low-perfusion")
                    .containsEntry(GattQualifiers.PLX_PAI, "8.70");
        }
    }

    @Test
    void deviceClockNotSet_dropsTheDeviceTime_andKeepsItForAudit() {
        byte[] value = Hex.bytes(ALL_BUT_CLOCK);
        value[0] = 0x1F;

        DecodedReading reading = readings(UUID, Hex.of(value)).get(0);

        assertThat(reading.deviceClockUnset()).isTrue();
        assertThat(reading.deviceTime()).isNull();
        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.UNTRUSTED_DEVICE_TIME, "2024-11-29T23:08:57");
    }

    @Test
    void minimalValue_hasNoTimeAndNoStatus() {
        List<DecodedReading> readings = readings(UUID, "00 62 00 48 00");

        assertThat(readings.get(0).value()).isEqualTo(new BigDecimal("98"));
        assertThat(readings.get(1).value()).isEqualTo(new BigDecimal("72"));
        assertThat(readings.get(0).deviceTime()).isNull();
        assertThat(readings.get(0).qualifiers()).containsOnlyKeys(GattQualifiers.CHARACTERISTIC);
    }

    @Test
    void specialValues_becomeDataAbsentReasons() {
        List<DecodedReading> readings = readings(UUID, "08 FF 07 00 08 FE 07");

        assertThat(readings.get(0).dataAbsentReason()).isEqualTo(DataAbsentReason.NOT_A_NUMBER);
        assertThat(readings.get(1).dataAbsentReason()).isEqualTo(DataAbsentReason.ERROR);
        assertThat(readings.get(0).qualifiers()).containsEntry(GattQualifiers.PLX_PAI, "positive-infinity");
    }

    @ParameterizedTest(name = "status 0x{0} -> {1}")
    @CsvSource({"8000, ERROR, invalid", "2000, UNKNOWN, unavailable"})
    void invalidOrUnavailableMeasurementStatus_withholdsTheValues(String status, DataAbsentReason reason,
            String code) {
        List<DecodedReading> readings = readings(UUID, "02 62 00 48 00 " + status.substring(2) + " "
                + status.substring(0, 2));

        assertThat(readings).allSatisfy(reading -> {
            assertThat(reading.value()).isNull();
            assertThat(reading.dataAbsentReason()).isEqualTo(reason);
            assertThat(reading.qualifiers()).containsEntry(GattQualifiers.PLX_STATUS, code);
        });
    }

    @Test
    void demonstrationAndTestingData_areFlagged() {
        assertThat(readings(UUID, "02 62 00 48 00 00 0C").get(0).qualifiers())
                .containsEntry(GattQualifiers.PLX_STATUS, "demonstration,testing");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "0F, spo2",
        "0F AC F3, pulse rate",
        "0F AC F3 BE F5 E8 07 0B 1D 17 08, time stamp",
        "0F AC F3 BE F5 E8 07 0B 1D 17 08 39 20, measurement status",
        "0F AC F3 BE F5 E8 07 0B 1D 17 08 39 20 40 22 00, device and sensor status",
        "0F AC F3 BE F5 E8 07 0B 1D 17 08 39 20 40 22 00 00 66, pulse amplitude index"})
    void truncatedPackets_nameTheMissingField(String hex, String field) {
        assertThat(malformedDetail(UUID, hex)).contains("PLX spot-check measurement").contains("'" + field + "'");
    }

    @Test
    void encode_verifiedVectorByteForByte() {
        assertThat(Hex.of(PlxSpotCheckMeasurement.decode(Hex.bytes(ALL_BUT_CLOCK)).encode())).isEqualTo(ALL_BUT_CLOCK);
    }

    @Test
    void everyFlagCombination_roundTrips() {
        for (int flags = 0; flags < 0x20; flags++) {
            PlxSpotCheckMeasurement plx = new PlxSpotCheckMeasurement(MedFloat.of("97.5"), MedFloat.of("61"),
                    (flags & 1) != 0 ? GattDateTime.of(LocalDateTime.of(2026, 1, 31, 6, 0, 0)) : null,
                    (flags & 2) != 0 ? 0x0120 : null, (flags & 4) != 0 ? 0xFF_FFFF : null,
                    (flags & 8) != 0 ? MedFloat.of("4.25") : null, (flags & 0x10) != 0);

            byte[] encoded = plx.encode();

            assertThat(encoded[0]).isEqualTo((byte) flags);
            assertThat(PlxSpotCheckMeasurement.decode(encoded)).isEqualTo(plx);
        }
    }
}
