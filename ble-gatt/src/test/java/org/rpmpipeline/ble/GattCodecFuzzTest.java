package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Coverage-guided fuzzing of {@link GattCodec} with Jazzer. Without {@code JAZZER_FUZZ} this replays the committed
 * inputs under {@code src/test/resources/org/rpmpipeline/ble/GattCodecFuzzTestInputs/} (a normal unit test);
 * {@code bench/fuzz/run.sh} fuzzes it for longer.
 *
 * <p>Input layout: the first byte picks the characteristic ({@link #UUIDS}, index modulo 7), the rest is the
 * characteristic value. The properties are the ones the module README documents: decode never throws; a rejection
 * is {@code MALFORMED_BLE} naming the characteristic and a field (never the catch-all); a decoded value yields only
 * the vitals its characteristic carries, in their canonical unit and within what its wire format can express; and
 * what decodes re-encodes to bytes that decode to the same measurement.
 */
class GattCodecFuzzTest {
    /** The characteristic a fuzz input's first byte selects, in a fixed order (corpus files depend on it). */
    static final List<Integer> UUIDS = List.of(0x2A37, 0x2A35, 0x2A1C, 0x2A9D, 0x2A18, 0x2A5E, 0x2A5F);

    /** The largest SFLOAT magnitude: mantissa -2048 x 10^7; its most decimals: exponent -8. */
    private static final BigDecimal SFLOAT_MAX = new BigDecimal("2048E7");
    private static final int SFLOAT_SCALE = 8;
    /** The largest FLOAT magnitude: mantissa -2^23 x 10^127; its most decimals: exponent -128. */
    private static final BigDecimal FLOAT_MAX = new BigDecimal("8388608E127");
    private static final int FLOAT_SCALE = 128;

    /** The module README's "Supported characteristics" table. */
    private static final Map<Characteristic, Set<VitalType>> VITALS = Map.of(
            Characteristic.HEART_RATE_MEASUREMENT, Set.of(VitalType.HEART_RATE),
            Characteristic.BLOOD_PRESSURE_MEASUREMENT, Set.of(VitalType.BLOOD_PRESSURE, VitalType.HEART_RATE),
            Characteristic.TEMPERATURE_MEASUREMENT, Set.of(VitalType.BODY_TEMPERATURE),
            Characteristic.WEIGHT_MEASUREMENT, Set.of(VitalType.BODY_WEIGHT, VitalType.BMI, VitalType.BODY_HEIGHT),
            Characteristic.GLUCOSE_MEASUREMENT, Set.of(VitalType.GLUCOSE, VitalType.GLUCOSE_MOLAR),
            Characteristic.PLX_SPOT_CHECK_MEASUREMENT, Set.of(VitalType.SPO2, VitalType.HEART_RATE),
            Characteristic.PLX_CONTINUOUS_MEASUREMENT, Set.of(VitalType.SPO2, VitalType.HEART_RATE));

    @FuzzTest
    void decodeGattValue(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Characteristic characteristic = Characteristic.of(UUIDS.get(Math.floorMod(input[0], UUIDS.size())))
                .orElseThrow();
        byte[] value = Arrays.copyOfRange(input, 1, input.length);

        GattResult result = GattCodec.decode(characteristic.uuid16(), value);

        if (result instanceof GattRejected rejected) {
            assertRejection(characteristic, value, rejected);
        } else {
            GattMeasurement measurement = characteristic.decode(value);
            List<DecodedReading> readings = ((GattDecoded) result).readings();
            assertThat(readings).isEqualTo(measurement.readings());
            readings.forEach(reading -> assertBounded(characteristic, reading));
            assertReEncodes(characteristic, value, measurement);
        }
    }

    private static void assertRejection(Characteristic characteristic, byte[] value, GattRejected rejected) {
        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
        assertThat(rejected.detail()).as("names the characteristic and a field, not the safety net")
                .startsWith(characteristic.title() + " (0x" + characteristic.hex() + "): ")
                .containsPattern("field '[^']+'")
                .doesNotContain("undecodable")
                .doesNotContain("\n")
                .hasSizeLessThan(200);
        if (value.length > 0) {
            assertThatThrownBy(() -> characteristic.decode(value)).isInstanceOf(GattFormatException.class);
        }
    }

    private static void assertBounded(Characteristic characteristic, DecodedReading reading) {
        assertThat(reading.vital()).as("a vital 0x%s carries", characteristic.hex())
                .isIn(vitalsOf(characteristic));
        assertThat(reading.unit()).isEqualTo(reading.vital().unit());
        assertThat(reading.qualifiers()).containsEntry(GattQualifiers.CHARACTERISTIC, characteristic.hex());
        if (reading.deviceClockUnset()) {
            assertThat(reading.deviceTime()).as("no device time when the clock is not set").isNull();
        }
        if (reading.value() != null) {
            assertWithin(characteristic, reading.vital(), reading.value());
        }
        for (Component component : reading.components()) {
            assertThat(component.vital()).isIn(VitalType.SYSTOLIC_BP, VitalType.DIASTOLIC_BP, VitalType.MEAN_BP);
            assertThat(component.unit()).isEqualTo(component.vital().unit());
            assertThat(component.value() == null).isEqualTo(component.dataAbsentReason() != null);
            if (component.value() != null) {
                assertWithin(characteristic, component.vital(), component.value());
            }
        }
        if (isPlx(characteristic) && reading.dataAbsentReason() == DataAbsentReason.UNKNOWN) {
            assertThat(reading.qualifiers().get(GattQualifiers.PLX_STATUS)).contains("unavailable");
        }
    }

    /** What each characteristic's wire format can express, in the canonical unit (module README, tables). */
    private static void assertWithin(Characteristic characteristic, VitalType vital, BigDecimal value) {
        assertThat(value.scale()).as("a plain decimal, never a negative scale").isNotNegative();
        switch (characteristic) {
            case HEART_RATE_MEASUREMENT -> {
                assertThat(value.scale()).isZero();
                assertThat(value).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(0xFFFF));
            }
            case BLOOD_PRESSURE_MEASUREMENT -> {
                // kPa -> mm[Hg] divides by 0.133..., so allow for the factor 7.5
                assertThat(value.abs()).isLessThanOrEqualTo(SFLOAT_MAX.multiply(BigDecimal.valueOf(8)));
                assertThat(value.scale()).isLessThanOrEqualTo(SFLOAT_SCALE);
            }
            case TEMPERATURE_MEASUREMENT -> {
                assertThat(value.abs()).isLessThanOrEqualTo(FLOAT_MAX);
                assertThat(value.scale()).isLessThanOrEqualTo(FLOAT_SCALE);
            }
            case WEIGHT_MEASUREMENT -> assertWeight(vital, value);
            case GLUCOSE_MEASUREMENT -> {
                // kg/L x 10^5 -> mg/dL, mol/L x 10^3 -> mmol/L
                int shift = vital == VitalType.GLUCOSE ? 5 : 3;
                assertThat(value.abs()).isLessThanOrEqualTo(SFLOAT_MAX.scaleByPowerOfTen(shift));
                assertThat(value.scale()).isLessThanOrEqualTo(SFLOAT_SCALE - shift);
            }
            case PLX_SPOT_CHECK_MEASUREMENT, PLX_CONTINUOUS_MEASUREMENT -> {
                assertThat(value.abs()).isLessThanOrEqualTo(SFLOAT_MAX);
                assertThat(value.scale()).isLessThanOrEqualTo(SFLOAT_SCALE);
            }
            default -> throw new AssertionError("no bounds for " + characteristic);
        }
    }

    /** uint16 fields at the fixed SIG resolutions; raw 0xFFFF weight is "unsuccessful" and carries no value. */
    private static void assertWeight(VitalType vital, BigDecimal value) {
        assertThat(value).isNotNegative();
        switch (vital) {
            case BODY_WEIGHT -> {
                assertThat(value.scale()).isEqualTo(3);
                // 65534 x 0.005 kg; 65534 x 0.01 lb = 297.254 kg
                assertThat(value).isLessThanOrEqualTo(new BigDecimal("327.670"));
            }
            case BMI -> {
                assertThat(value.scale()).isEqualTo(1);
                assertThat(value).isLessThanOrEqualTo(new BigDecimal("6553.5"));
            }
            case BODY_HEIGHT -> {
                assertThat(value.scale()).isEqualTo(1);
                // 65535 x 0.1 in x 2.54 cm
                assertThat(value).isLessThanOrEqualTo(new BigDecimal("16645.9"));
            }
            default -> throw new AssertionError("weight measurement yielded " + vital);
        }
    }

    /**
     * Decoding keeps every field, so the measurement encodes again (RFU bits and trailing bytes dropped, never
     * longer) and that encoding is canonical: it decodes to the same measurement and re-encodes byte for byte.
     */
    private static void assertReEncodes(Characteristic characteristic, byte[] value, GattMeasurement measurement) {
        byte[] encoded = measurement.encode();
        assertThat(encoded.length).isLessThanOrEqualTo(value.length);
        GattMeasurement again = characteristic.decode(encoded);
        assertThat(again).isEqualTo(measurement);
        assertThat(again.encode()).isEqualTo(encoded);
        assertThat(GattCodec.decode(characteristic.uuid16(), encoded)).isEqualTo(new GattDecoded(
                measurement.readings()));
    }

    private static Set<VitalType> vitalsOf(Characteristic characteristic) {
        return VITALS.get(characteristic);
    }

    private static boolean isPlx(Characteristic characteristic) {
        return characteristic == Characteristic.PLX_SPOT_CHECK_MEASUREMENT
                || characteristic == Characteristic.PLX_CONTINUOUS_MEASUREMENT;
    }
}
