package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.ble.Decoding.malformedDetail;
import static org.rpmpipeline.ble.Decoding.single;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.ble.TemperatureMeasurement.TemperatureUnit;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

class TemperatureMeasurementTest {
    private static final int UUID = 0x2A1C;
    private static final String CELSIUS_TIMESTAMP_TYPE = "06 B0 0E 00 FE DC 07 0C 05 0B 32 1B 04";

    @Test
    void verifiedVector_celsiusWithTimestampAndType() {
        // DOMAIN.md 1.6 VERIFIED: flags 0x06; 37.60 Cel; 2012-12-05 11:50:27; type 4 = finger
        DecodedReading reading = single(UUID, CELSIUS_TIMESTAMP_TYPE);

        assertThat(reading.vital()).isEqualTo(VitalType.BODY_TEMPERATURE);
        assertThat(reading.value()).isEqualTo(new BigDecimal("37.60"));
        assertThat(reading.unit()).isEqualTo("Cel");
        assertThat(reading.deviceTime()).isEqualTo(LocalDateTime.of(2012, 12, 5, 11, 50, 27));
        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.TEMPERATURE_SITE, "finger");
    }

    @ParameterizedTest(name = "{0} degF -> {1} Cel")
    @CsvSource({"98.6, 37.0", "100.4, 38.0", "98.60, 37.00", "99, 37", "95.0, 35.0", "104.9, 40.5", "-40, -40"})
    void fahrenheit_isConvertedToCelsiusAtTheDevicePrecision(String fahrenheit, String celsius) {
        TemperatureMeasurement t = new TemperatureMeasurement(TemperatureUnit.FAHRENHEIT, MedFloat.of(fahrenheit),
                null, null);

        DecodedReading reading = single(UUID, Hex.of(t.encode()));

        assertThat(reading.value()).isEqualTo(new BigDecimal(celsius));
        assertThat(reading.unit()).isEqualTo("Cel");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NAN, NOT_A_NUMBER", "NRES, ERROR", "POSITIVE_INFINITY, POSITIVE_INFINITY",
        "NEGATIVE_INFINITY, NEGATIVE_INFINITY", "RESERVED, ERROR"})
    void floatSpecialValues_becomeDataAbsentReasons_inBothUnits(MedFloat.Special special, DataAbsentReason reason) {
        for (TemperatureUnit unit : TemperatureUnit.values()) {
            DecodedReading reading = single(UUID, Hex.of(
                    new TemperatureMeasurement(unit, MedFloat.of(special), null, null).encode()));

            assertThat(reading.value()).isNull();
            assertThat(reading.dataAbsentReason()).isEqualTo(reason);
        }
    }

    @ParameterizedTest(name = "type {0} -> {1}")
    @CsvSource({"1, armpit", "2, body", "3, ear", "4, finger", "5, gastro-intestinal-tract", "6, mouth",
        "7, rectum", "8, toe", "9, tympanum", "0, reserved-0", "10, reserved-10", "255, reserved-255"})
    void everyTemperatureType(int type, String site) {
        DecodedReading reading = single(UUID, Hex.of(
                new TemperatureMeasurement(TemperatureUnit.CELSIUS, MedFloat.of("36.6"), null, type).encode()));

        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.TEMPERATURE_SITE, site);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"00, temperature", "00 B0 0E 00, temperature", "02 B0 0E 00 FE DC 07, time stamp",
        "04 B0 0E 00 FE, temperature type"})
    void truncatedPackets_nameTheMissingField(String hex, String field) {
        assertThat(malformedDetail(UUID, hex)).contains("temperature measurement").contains("'" + field + "'");
    }

    @Test
    void rfuFlagBits_areIgnored() {
        assertThat(TemperatureMeasurement.decode(Hex.bytes("F8 B0 0E 00 FE")))
                .isEqualTo(TemperatureMeasurement.decode(Hex.bytes("00 B0 0E 00 FE")));
    }

    @Test
    void encode_verifiedVectorByteForByte() {
        assertThat(Hex.of(TemperatureMeasurement.decode(Hex.bytes(CELSIUS_TIMESTAMP_TYPE)).encode()))
                .isEqualTo(CELSIUS_TIMESTAMP_TYPE);
    }

    @Test
    void everyFlagCombination_roundTrips() {
        for (int flags = 0; flags < 8; flags++) {
            TemperatureMeasurement t = new TemperatureMeasurement(
                    (flags & 1) != 0 ? TemperatureUnit.FAHRENHEIT : TemperatureUnit.CELSIUS, MedFloat.of("101.25"),
                    (flags & 2) != 0 ? GattDateTime.of(LocalDateTime.of(2026, 11, 28, 15, 0, 1)) : null,
                    (flags & 4) != 0 ? 6 : null);

            byte[] encoded = t.encode();

            assertThat(encoded[0]).isEqualTo((byte) flags);
            assertThat(TemperatureMeasurement.decode(encoded)).isEqualTo(t);
        }
    }
}
