package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.ble.MedFloat.Special;
import org.rpmpipeline.contract.vital.DataAbsentReason;

class MedFloatTest {

    /** DOMAIN.md 1.2 "Worked SFLOAT/FLOAT examples (VERIFIED)", SFLOAT rows; the expected text keeps the scale. */
    @ParameterizedTest(name = "SFLOAT raw 0x{0} -> {1}")
    @CsvSource({
        "FE01, -51.1",  // bytes 01 FE
        "0201, 513",    // bytes 01 02
        "F0BD, 18.9",   // bytes BD F0 (kPa)
        "F3E8, 100.0",  // bytes E8 F3
        "0064, 100",    // bytes 64 00
        "F014, 2.0",    // PHD IG table
        "E0C8, 2.00",
        "1002, 2E+1",
        "0B2E, -1234"})
    void sfloat_verifiedVectors_decodeExactlyWithPrecision(String raw, String expected) {
        MedFloat decoded = MedFloat.fromSfloat(Integer.parseInt(raw, 16));

        assertThat(decoded.value()).isEqualTo(new BigDecimal(expected));
        assertThat(decoded.value().toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "FLOAT raw 0x{0} -> {1}")
    @CsvSource({
        "FE000EB0, 37.60",     // bytes B0 0E 00 FE (Nordic temperature test)
        "FC03FE01, 26.1633",   // bytes 01 FE 03 FC
        "FF000014, 2.0",       // PHD IG table
        "00FFFB2E, -1234"})
    void float_verifiedVectors_decodeExactlyWithPrecision(String raw, String expected) {
        MedFloat decoded = MedFloat.fromFloat((int) Long.parseLong(raw, 16));

        assertThat(decoded.value().toString()).isEqualTo(expected);
    }

    @Test
    void exponentIsTwosComplement_notOffsetBinary() {
        // DOMAIN.md 1.2 / 5 item 1: a real device sends SpO2 98 % as 62 00 or D4 F3; the offset-binary reading of
        // 62 80 as 98 is not IEEE-11073 (two's complement makes it 98 x 10^-8)
        assertThat(MedFloat.fromSfloat(0x0062).value()).isEqualTo(new BigDecimal("98"));
        assertThat(MedFloat.fromSfloat(0xF3D4).value()).isEqualTo(new BigDecimal("98.0"));
        assertThat(MedFloat.fromSfloat(0x8062).value()).isEqualTo(new BigDecimal("9.8E-7"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "NAN, 07FF, 007FFFFF, NOT_A_NUMBER",
        "NRES, 0800, 00800000, ERROR",
        "POSITIVE_INFINITY, 07FE, 007FFFFE, POSITIVE_INFINITY",
        "NEGATIVE_INFINITY, 0802, 00800002, NEGATIVE_INFINITY",
        "RESERVED, 0801, 00800001, ERROR"})
    void specialValues_decodeToDataAbsentReason_andEncodeBack(Special special, String sfloat, String float32,
            DataAbsentReason reason) {
        MedFloat fromSfloat = MedFloat.fromSfloat(Integer.parseInt(sfloat, 16));
        MedFloat fromFloat = MedFloat.fromFloat(Integer.parseInt(float32, 16));

        assertThat(fromSfloat).isEqualTo(MedFloat.of(special));
        assertThat(fromFloat).isEqualTo(MedFloat.of(special));
        assertThat(fromSfloat.isNumber()).isFalse();
        assertThat(fromSfloat.value()).isNull();
        assertThat(fromSfloat.absentReason()).isEqualTo(reason);
        assertThat(fromSfloat.toSfloat()).isEqualTo(Integer.parseInt(sfloat, 16));
        assertThat(fromFloat.toFloat()).isEqualTo(Integer.parseInt(float32, 16));
    }

    @Test
    void specialValuesWithNonZeroExponent_areNumbers() {
        assertThat(MedFloat.fromSfloat(0xF7FF).value()).isEqualByComparingTo("204.7");
        assertThat(MedFloat.fromFloat(0xFF7FFFFF).value()).isEqualByComparingTo("838860.7");
    }

    @ParameterizedTest(name = "{0} -> SFLOAT 0x{1}")
    @CsvSource({"-51.1, FE01", "513, 0201", "18.9, F0BD", "100.0, F3E8", "100, 0064", "2.0, F014", "2.00, E0C8",
        "0, 0000", "0.0, F000"})
    void sfloat_encodeKeepsTheScale(String value, String raw) {
        assertThat(MedFloat.of(value).toSfloat()).isEqualTo(Integer.parseInt(raw, 16));
    }

    @Test
    void sfloat_encodeTradesTrailingZerosForExponentWhenTheMantissaIsTooLarge() {
        int raw = MedFloat.of("30000").toSfloat();

        assertThat(MedFloat.fromSfloat(raw).value()).isEqualByComparingTo("30000");
        assertThat(raw).isEqualTo(0x212C); // 300 x 10^2
    }

    @Test
    void sfloat_encodeRejectsValuesThatDoNotFit() {
        assertThatThrownBy(() -> MedFloat.of("2048").toSfloat())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit in SFLOAT");
        assertThatThrownBy(() -> MedFloat.of("0.000000001").toSfloat())
                .hasMessageContaining("exponent range [-8, 7]");
        assertThatThrownBy(() -> MedFloat.of("99.99").toSfloat()).hasMessageContaining("mantissa 9999");
    }

    @Test
    void sfloat_encodeRejectsNumbersThatCollideWithSpecialWords() {
        assertThatThrownBy(() -> MedFloat.of("2047").toSfloat()).hasMessageContaining("except the reserved words at exponent 0");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"99.99, 100.0", "2047, 2.05E+3", "36.666666, 36.7", "-51.15, -51.2", "123456789, 1.235E+8",
        "98.6, 98.6", "0.000000001, 0E-8"})
    void nearestSfloat_roundsToTheMostDecimalsThatFit(String value, String expected) {
        MedFloat nearest = MedFloat.nearestSfloat(new BigDecimal(value));

        assertThat(nearest.value()).isEqualTo(new BigDecimal(expected));
        assertThat(MedFloat.fromSfloat(nearest.toSfloat())).isEqualTo(nearest);
    }

    @Test
    void nearestFloat_roundsToTheMostDecimalsThatFit() {
        assertThat(MedFloat.nearestFloat(new BigDecimal("37.123456789")).value()).isEqualTo(new BigDecimal("37.12346"));
        assertThat(MedFloat.nearestSfloat(new BigDecimal("1E-100000")).value()).isEqualTo(new BigDecimal("0E-8"));
        assertThat(MedFloat.nearestSfloat(new BigDecimal("3.14159265358979323846264338327950288419716939937510"))
                .value()).isEqualTo(new BigDecimal("3.14")); // 3142 exceeds the 2047 mantissa
        assertThatThrownBy(() -> MedFloat.nearestSfloat(new BigDecimal("1E+20")))
                .hasMessageContaining("does not fit in SFLOAT");
    }

    @Test
    void float_encodeCoversTheWideRange() {
        assertThat(MedFloat.fromFloat(MedFloat.of("37.60").toFloat()).value().toString()).isEqualTo("37.60");
        assertThat(MedFloat.fromFloat(MedFloat.of("-8388.608").toFloat()).value().toString()).isEqualTo("-8388.608");
        assertThatThrownBy(() -> MedFloat.of("8388608").toFloat()).hasMessageContaining("does not fit in FLOAT");
    }

    @Test
    void requiresExactlyOneOfValueAndSpecial() {
        assertThatThrownBy(() -> new MedFloat(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MedFloat(BigDecimal.ONE, Special.NAN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
