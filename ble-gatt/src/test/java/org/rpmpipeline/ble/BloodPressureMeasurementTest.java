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
import org.rpmpipeline.ble.BloodPressureMeasurement.PressureUnit;
import org.rpmpipeline.ble.BloodPressureMeasurement.PulseRange;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

class BloodPressureMeasurementTest {
    private static final int UUID = 0x2A35;
    private static final String MMHG_ALL_FIELDS = "1E 8A 00 58 00 78 00 00 00 04 11 14 29 3B 3C 00 01 27 00";
    private static final String KPA_PULSE_STATUS = "15 BD F0 0B 00 9F F0 3C 00 12 00";

    @Test
    void verifiedVector_mmHgWithTimestampPulseUserAndStatus() {
        // DOMAIN.md 1.5 VERIFIED (flags 0x1E): 138/88 mmHg, MAP 120, year unknown, pulse 60, user 1, status 0x0027
        BloodPressureMeasurement bp = BloodPressureMeasurement.decode(Hex.bytes(MMHG_ALL_FIELDS));
        List<DecodedReading> readings = readings(UUID, MMHG_ALL_FIELDS);

        assertThat(bp.timestamp()).isEqualTo(new GattDateTime(0, 4, 17, 20, 41, 59));
        assertThat(bp.userId()).isEqualTo(1);
        assertThat(bp.pulseRange()).isEqualTo(PulseRange.WITHIN_RANGE);
        assertThat(readings).hasSize(2);
        DecodedReading panel = readings.get(0);
        assertThat(panel.vital()).isEqualTo(VitalType.BLOOD_PRESSURE);
        assertThat(panel.value()).isNull();
        assertThat(panel.components()).containsExactly(
                Component.of(VitalType.SYSTOLIC_BP, new BigDecimal("138")),
                Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("88")),
                Component.of(VitalType.MEAN_BP, new BigDecimal("120")));
        assertThat(panel.deviceTime()).as("the year is not known").isNull();
        assertThat(panel.deviceClockUnset()).isTrue();
        assertThat(panel.qualifiers())
                .containsEntry(GattQualifiers.BP_STATUS, "body-movement,cuff-loose,irregular-pulse,improper-position")
                .containsEntry(GattQualifiers.USER, "1");
        DecodedReading pulse = readings.get(1);
        assertThat(pulse.vital()).isEqualTo(VitalType.HEART_RATE);
        assertThat(pulse.value()).isEqualTo(new BigDecimal("60"));
        assertThat(pulse.qualifiers()).isEqualTo(panel.qualifiers());
    }

    @Test
    void verifiedVector_kPaConvertedToMmHg_keepingTheDevicePrecision() {
        // DOMAIN.md 1.5 VERIFIED (flags 0x15): 18.9 / 11 kPa, MAP 15.9 kPa (~141.8 / 82.5 / 119.3 mmHg); pulse 60;
        // status 0x0012 = cuff loose + pulse below lower limit
        List<DecodedReading> readings = readings(UUID, KPA_PULSE_STATUS);

        assertThat(readings.get(0).components()).extracting(Component::value).containsExactly(
                new BigDecimal("141.8"), new BigDecimal("83"), new BigDecimal("119.3"));
        assertThat(readings.get(0).components()).extracting(Component::unit).containsOnly("mm[Hg]");
        assertThat(readings.get(0).qualifiers())
                .containsEntry(GattQualifiers.BP_STATUS, "cuff-loose,pulse-below-range");
        assertThat(readings.get(1).value()).isEqualTo(new BigDecimal("60"));
        assertThat(BloodPressureMeasurement.decode(Hex.bytes(KPA_PULSE_STATUS)).pulseRange())
                .isEqualTo(PulseRange.BELOW_LOWER_LIMIT);
    }

    @ParameterizedTest(name = "status 0x{0} -> {1}")
    @CsvSource({
        "0000, ''",
        "0008, pulse-above-range",
        "0010, pulse-below-range",
        "0018, ''",
        "0028, 'pulse-above-range,improper-position'",
        "FFC0, ''",
        "0001, body-movement"})
    void pulseRangeIsATwoBitField_andRfuStatusBitsAreIgnored(String status, String expected) {
        int raw = Integer.parseInt(status, 16);
        BloodPressureMeasurement bp = new BloodPressureMeasurement(PressureUnit.MMHG, MedFloat.of("120"),
                MedFloat.of("80"), MedFloat.of("93"), null, null, null, raw);

        assertThat(String.join(",", bp.statusCodes())).isEqualTo(expected);
    }

    @Test
    void specialValues_becomeAbsentComponents() {
        // systolic NaN, diastolic NRes, MAP +INF, pulse -INF
        List<DecodedReading> readings = readings(UUID, "04 FF 07 00 08 FE 07 02 08");

        assertThat(readings.get(0).components()).containsExactly(
                new Component(VitalType.SYSTOLIC_BP, null, "mm[Hg]", DataAbsentReason.NOT_A_NUMBER),
                new Component(VitalType.DIASTOLIC_BP, null, "mm[Hg]", DataAbsentReason.ERROR),
                new Component(VitalType.MEAN_BP, null, "mm[Hg]", DataAbsentReason.POSITIVE_INFINITY));
        assertThat(readings.get(1).value()).isNull();
        assertThat(readings.get(1).dataAbsentReason()).isEqualTo(DataAbsentReason.NEGATIVE_INFINITY);
    }

    @Test
    void specialValuesInKpa_passThroughTheConversion() {
        assertThat(readings(UUID, "01 01 08 78 00 50 00").get(0).components().get(0).dataAbsentReason())
                .isEqualTo(DataAbsentReason.ERROR);
    }

    @Test
    void knownTimestamp_isTheDeviceTime_andUnknownUserIsNotAQualifier() {
        BloodPressureMeasurement bp = new BloodPressureMeasurement(PressureUnit.MMHG, MedFloat.of("121"),
                MedFloat.of("79"), MedFloat.of("93"), GattDateTime.of(LocalDateTime.of(2025, 3, 1, 7, 30, 5)), null,
                BloodPressureMeasurement.UNKNOWN_USER, null);

        DecodedReading panel = readings(UUID, Hex.of(bp.encode())).get(0);

        assertThat(panel.deviceTime()).isEqualTo(LocalDateTime.of(2025, 3, 1, 7, 30, 5));
        assertThat(panel.deviceClockUnset()).isFalse();
        assertThat(panel.qualifiers()).doesNotContainKeys(GattQualifiers.USER, GattQualifiers.BP_STATUS);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "00, systolic",
        "00 8A 00, diastolic",
        "00 8A 00 58 00 78, mean arterial pressure",
        "02 8A 00 58 00 78 00 E8 07 01 02 0A 15, time stamp",
        "04 8A 00 58 00 78 00 3C, pulse rate",
        "08 8A 00 58 00 78 00, user id",
        "10 8A 00 58 00 78 00 27, measurement status",
        "1E 8A 00 58 00 78 00 00 00 04 11 14 29 3B 3C 00 01 27, measurement status"})
    void truncatedPackets_nameTheMissingField(String hex, String field) {
        assertThat(malformedDetail(UUID, hex)).contains("blood pressure measurement").contains("'" + field + "'");
    }

    @Test
    void invalidTimestamp_isMalformed() {
        assertThat(malformedDetail(UUID, "02 8A 00 58 00 78 00 E8 07 0D 02 0A 15 30"))
                .contains("'time stamp'").contains("month 13");
    }

    @Test
    void rfuFlagBits_areIgnored() {
        assertThat(BloodPressureMeasurement.decode(Hex.bytes("E0 8A 00 58 00 78 00")))
                .isEqualTo(BloodPressureMeasurement.decode(Hex.bytes("00 8A 00 58 00 78 00")));
    }

    @Test
    void encode_verifiedVectorsByteForByte() {
        for (String vector : List.of(MMHG_ALL_FIELDS, KPA_PULSE_STATUS)) {
            assertThat(Hex.of(BloodPressureMeasurement.decode(Hex.bytes(vector)).encode())).isEqualTo(vector);
        }
    }

    @Test
    void everyFlagCombination_roundTrips() {
        for (int flags = 0; flags < 0x20; flags++) {
            BloodPressureMeasurement bp = new BloodPressureMeasurement(
                    (flags & 1) != 0 ? PressureUnit.KPA : PressureUnit.MMHG, MedFloat.of("16.5"), MedFloat.of("10.9"),
                    MedFloat.of(MedFloat.Special.NAN),
                    (flags & 2) != 0 ? GattDateTime.of(LocalDateTime.of(2024, 2, 29, 23, 59, 59)) : null,
                    (flags & 4) != 0 ? MedFloat.of("72") : null, (flags & 8) != 0 ? 3 : null,
                    (flags & 0x10) != 0 ? 0x0012 : null);

            byte[] encoded = bp.encode();

            assertThat(encoded[0]).isEqualTo((byte) flags);
            assertThat(BloodPressureMeasurement.decode(encoded)).isEqualTo(bp);
            assertThat(GattCodec.decode(UUID, encoded)).isInstanceOf(GattDecoded.class);
        }
    }
}
