package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.ble.Decoding.malformedDetail;
import static org.rpmpipeline.ble.Decoding.single;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.ble.HeartRateMeasurement.SensorContact;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

class HeartRateMeasurementTest {
    private static final int UUID = 0x2A37;

    @Test
    void verifiedVector_uint8_contactNotSupported() {
        // DOMAIN.md 1.4 VERIFIED: 00 55 -> 85 bpm, contact not supported
        DecodedReading reading = single(UUID, "00 55");

        assertThat(reading.vital()).isEqualTo(VitalType.HEART_RATE);
        assertThat(reading.value()).isEqualTo(new BigDecimal("85"));
        assertThat(reading.unit()).isEqualTo("/min");
        assertThat(reading.qualifiers()).doesNotContainKey(GattQualifiers.CONTACT)
                .containsEntry(GattQualifiers.CHARACTERISTIC, "2a37");
        assertThat(reading.deviceTime()).isNull();
        assertThat(reading.deviceClockUnset()).isFalse();
    }

    @Test
    void verifiedVector_contactSupportedButNotDetected() {
        // DOMAIN.md 1.4 VERIFIED: 04 FF -> contact supported but not detected, 255 bpm
        DecodedReading reading = single(UUID, "04 FF");

        assertThat(reading.value()).isEqualTo(new BigDecimal("255"));
        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.CONTACT, "not-detected");
    }

    @Test
    void verifiedVector_energyAndOneRrInterval() {
        // DOMAIN.md 1.4 VERIFIED: 1E 55 32 00 21 00 -> 85 bpm, contact detected, EE 50 kJ, RR 33/1024 s
        HeartRateMeasurement hr = HeartRateMeasurement.decode(Hex.bytes("1E 55 32 00 21 00"));
        DecodedReading reading = single(UUID, "1E 55 32 00 21 00");

        assertThat(hr).isEqualTo(new HeartRateMeasurement(85, SensorContact.DETECTED, 50, List.of(33)));
        assertThat(hr.rrIntervalsMillis()).containsExactly(new BigDecimal("32.2265625"));
        assertThat(reading.qualifiers())
                .containsEntry(GattQualifiers.CONTACT, "detected")
                .containsEntry(GattQualifiers.ENERGY_EXPENDED_KJ, "50")
                .containsEntry(GattQualifiers.RR_INTERVALS_MS, "32.2265625");
    }

    @Test
    void verifiedVector_uint16WithThreeRrIntervals() {
        // DOMAIN.md 1.4 VERIFIED: 1F 01 01 32 01 01 00 02 01 FF FF -> 257 bpm, EE 306, RR [1, 258, 65535]
        HeartRateMeasurement hr = HeartRateMeasurement.decode(Hex.bytes("1F 01 01 32 01 01 00 02 01 FF FF"));

        assertThat(hr).isEqualTo(new HeartRateMeasurement(257, SensorContact.DETECTED, 306, List.of(1, 258, 65535)));
        assertThat(single(UUID, "1F 01 01 32 01 01 00 02 01 FF FF").qualifiers())
                .containsEntry(GattQualifiers.RR_INTERVALS_MS, "0.9765625,251.953125,63999.0234375");
    }

    @Test
    void verifiedVector_rrFlagWithoutRrBytes_isRejected() {
        // DOMAIN.md 1.4 VERIFIED: 17 01 01 -> uint16 HR + RR present but no RR bytes -> invalid
        assertThat(malformedDetail(UUID, "17 01 01")).contains("rr-interval");
    }

    @Test
    void oddTrailingRrByte_isRejected() {
        assertThat(malformedDetail(UUID, "10 55 21 00 22")).contains("rr-interval").contains("3 byte(s) left");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "'', flags",
        "00, heart rate",
        "01 55, heart rate (uint16)",
        "08 55 32, energy expended",
        "18 55 32 00, rr-interval"})
    void truncatedPackets_nameTheMissingField(String hex, String field) {
        assertThat(malformedDetail(UUID, hex)).contains("'" + field + "'").contains("heart rate measurement");
    }

    @ParameterizedTest(name = "contact bits {0}")
    @CsvSource({"0, NOT_SUPPORTED", "1, NOT_SUPPORTED", "2, NOT_DETECTED", "3, DETECTED"})
    void everyContactStatus(int bits, SensorContact expected) {
        byte[] value = {(byte) (bits << 1), 60};

        assertThat(HeartRateMeasurement.decode(value).sensorContact()).isEqualTo(expected);
    }

    @Test
    void rfuFlagBits_areIgnored() {
        assertThat(HeartRateMeasurement.decode(Hex.bytes("E0 55")))
                .isEqualTo(HeartRateMeasurement.decode(Hex.bytes("00 55")));
    }

    @Test
    void uint16ValueThatFitsInUint8_decodesTheSame() {
        assertThat(single(UUID, "01 55 00").value()).isEqualTo(new BigDecimal("85"));
    }

    @Test
    void everyFlagCombination_roundTrips() {
        for (int flags = 0; flags < 0x20; flags++) {
            HeartRateMeasurement hr = new HeartRateMeasurement((flags & 1) != 0 ? 300 : 72,
                    HeartRateMeasurement.SensorContact.of(flags >> 1 & 3), (flags & 8) != 0 ? 1234 : null,
                    (flags & 0x10) != 0 ? List.of(800, 812) : List.of());

            byte[] encoded = hr.encode();

            int contactNotSupportedAsZero = (flags & 0x06) == 0x02 ? flags & ~0x06 : flags;
            assertThat(encoded[0]).isEqualTo((byte) contactNotSupportedAsZero);
            assertThat(HeartRateMeasurement.decode(encoded)).isEqualTo(hr);
        }
    }

    @Test
    void encode_verifiedVectorsByteForByte() {
        assertThat(Hex.of(new HeartRateMeasurement(85, SensorContact.DETECTED, 50, List.of(33)).encode()))
                .isEqualTo("1E 55 32 00 21 00");
        assertThat(Hex.of(new HeartRateMeasurement(257, SensorContact.DETECTED, 306, List.of(1, 258, 65535))
                .encode())).isEqualTo("1F 01 01 32 01 01 00 02 01 FF FF");
    }
}
