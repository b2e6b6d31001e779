package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rpmpipeline.contract.reject.RejectReason;

class GattCodecTest {

    @Test
    void unknownCharacteristic_isUnsupported() {
        GattResult result = GattCodec.decode(0x2A19, Hex.bytes("64"));

        assertThat(result).isInstanceOf(GattRejected.class);
        GattRejected rejected = (GattRejected) result;
        assertThat(rejected.reason()).isEqualTo(RejectReason.UNSUPPORTED_CHARACTERISTIC);
        assertThat(rejected.detail()).contains("0x2a19").contains("0x2a35");
    }

    @ParameterizedTest
    @EnumSource(Characteristic.class)
    void nullOrEmptyValue_isMalformed(Characteristic characteristic) {
        for (byte[] value : new byte[][] {null, new byte[0]}) {
            GattResult result = GattCodec.decode(characteristic.uuid16(), value);

            assertThat(result).isEqualTo(new GattRejected(RejectReason.MALFORMED_BLE, characteristic.title()
                    + " (0x" + characteristic.hex() + "): empty value: field 'flags' missing"));
        }
    }

    /** Every VERIFIED full vector of DOMAIN.md section 1, per characteristic. */
    static Stream<Arguments> verifiedVectors() {
        return Stream.of(
                Arguments.of(Characteristic.HEART_RATE_MEASUREMENT, "1E 55 32 00 21 00"),
                Arguments.of(Characteristic.BLOOD_PRESSURE_MEASUREMENT,
                        "1E 8A 00 58 00 78 00 00 00 04 11 14 29 3B 3C 00 01 27 00"),
                Arguments.of(Characteristic.BLOOD_PRESSURE_MEASUREMENT, "15 BD F0 0B 00 9F F0 3C 00 12 00"),
                Arguments.of(Characteristic.TEMPERATURE_MEASUREMENT, "06 B0 0E 00 FE DC 07 0C 05 0B 32 1B 04"),
                Arguments.of(Characteristic.WEIGHT_MEASUREMENT, "0C B0 36 05 F5 00 D6 06"),
                Arguments.of(Characteristic.GLUCOSE_MEASUREMENT,
                        "1B 01 00 E3 07 02 1B 0B 0A 1E FB FF 1E 00 12 05 01"),
                Arguments.of(Characteristic.PLX_SPOT_CHECK_MEASUREMENT,
                        "0F AC F3 BE F5 E8 07 0B 1D 17 08 39 20 40 22 00 00 66 E3"),
                Arguments.of(Characteristic.PLX_CONTINUOUS_MEASUREMENT,
                        "1F DE F3 CA F3 CA F3 5A F5 D4 F3 B2 F2 20 01 00 00 00 7A E3"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("verifiedVectors")
    void everyProperPrefixOfAVerifiedVector_isMalformedNamingAField(Characteristic characteristic, String hex) {
        byte[] full = Hex.bytes(hex);
        assertThat(GattCodec.decode(characteristic.uuid16(), full)).isInstanceOf(GattDecoded.class);

        for (int length = 0; length < full.length; length++) {
            GattResult result = GattCodec.decode(characteristic.uuid16(), Arrays.copyOf(full, length));

            assertThat(result).as("prefix of %d bytes", length).isInstanceOf(GattRejected.class);
            GattRejected rejected = (GattRejected) result;
            assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
            assertThat(rejected.detail()).startsWith(characteristic.title()).containsPattern("field '[^']+'");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("verifiedVectors")
    void trailingBytesBeyondTheFlaggedFields_areIgnored(Characteristic characteristic, String hex) {
        if (characteristic == Characteristic.HEART_RATE_MEASUREMENT) {
            return; // RR intervals fill the rest of a heart-rate value; covered in HeartRateMeasurementTest
        }
        GattResult plain = GattCodec.decode(characteristic.uuid16(), Hex.bytes(hex));
        GattResult padded = GattCodec.decode(characteristic.uuid16(), Hex.bytes(hex + " 00 00"));

        assertThat(padded).isEqualTo(plain);
    }

    @Test
    void characteristicsAreLookedUpByUuid() {
        for (Characteristic characteristic : Characteristic.values()) {
            assertThat(Characteristic.of(characteristic.uuid16())).contains(characteristic);
        }
        assertThat(Characteristic.of(0x2A36)).isEmpty();
        assertThat(Characteristic.BLOOD_PRESSURE_MEASUREMENT.hex()).isEqualTo("2a35");
    }
}
