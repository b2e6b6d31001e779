package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.rpmpipeline.ble.BloodPressureMeasurement.PressureUnit;
import org.rpmpipeline.ble.GlucoseMeasurement.ConcentrationUnit;
import org.rpmpipeline.ble.HeartRateMeasurement.SensorContact;
import org.rpmpipeline.ble.PlxContinuousMeasurement.Spo2PulseRate;
import org.rpmpipeline.ble.TemperatureMeasurement.TemperatureUnit;
import org.rpmpipeline.ble.WeightMeasurement.WeightUnits;
import org.rpmpipeline.contract.reject.RejectReason;

/** Property-based fuzzing of {@link GattCodec} and encode/decode round trips over random valid measurements. */
class GattCodecPropertiesTest {
    private static final Set<Long> SFLOAT_SPECIAL_MANTISSAS = Set.of(2046L, 2047L, -2048L, -2047L, -2046L);
    private static final Set<Long> FLOAT_SPECIAL_MANTISSAS = Set.of(8388606L, 8388607L, -8388608L, -8388607L,
            -8388606L);

    @Property(tries = 3000)
    void decode_neverThrows_andAlwaysDecodesOrRejects(@ForAll("supportedUuids") int uuid,
            @ForAll("randomValues") byte[] value) {
        GattResult result = GattCodec.decode(uuid, value);

        assertThat(result).isNotNull();
        if (result instanceof GattRejected rejected) {
            assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
            assertThat(rejected.detail()).as("a field-level reason, not the safety net")
                    .containsPattern("field '[^']+'").doesNotContain("undecodable");
        } else {
            assertThat(result).isInstanceOf(GattDecoded.class);
            assertThat(((GattDecoded) result).readings())
                    .allSatisfy(reading -> assertThat(reading.vital()).isNotNull());
        }
    }

    @Property(tries = 3000)
    void decode_ofCorruptedValidValues_neverThrows(@ForAll("measurements") GattMeasurement measurement,
            @ForAll("randomValues") byte[] noise) {
        byte[] value = measurement.encode();
        for (int i = 0; i < noise.length && i < value.length; i++) {
            value[i] ^= noise[i];
        }
        byte[] corrupted = Arrays.copyOf(value, Math.max(0, value.length - noise.length / 8));

        GattResult result = GattCodec.decode(measurement.characteristic().uuid16(), corrupted);

        if (result instanceof GattRejected rejected) {
            assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
            assertThat(rejected.detail()).containsPattern("field '[^']+'").doesNotContain("undecodable");
        } else {
            assertThat(result).isInstanceOf(GattDecoded.class);
        }
    }

    @Property(tries = 500)
    void decode_ofAnyOtherUuid_isUnsupported(@ForAll("otherUuids") int uuid, @ForAll("randomValues") byte[] value) {
        GattResult result = GattCodec.decode(uuid, value);

        assertThat(result).isInstanceOf(GattRejected.class);
        assertThat(((GattRejected) result).reason()).isEqualTo(RejectReason.UNSUPPORTED_CHARACTERISTIC);
    }

    @Property(tries = 3000)
    void encodeThenDecode_givesTheSameMeasurement(@ForAll("measurements") GattMeasurement measurement) {
        byte[] encoded = measurement.encode();

        GattMeasurement decoded = measurement.characteristic().decode(encoded);
        GattResult result = GattCodec.decode(measurement.characteristic().uuid16(), encoded);

        assertThat(decoded).isEqualTo(measurement);
        assertThat(result).isEqualTo(new GattDecoded(measurement.readings()));
    }

    @Property(tries = 2000)
    void sfloat_encodeDecode_isExact(@ForAll("sfloats") MedFloat value) {
        assertThat(MedFloat.fromSfloat(value.toSfloat())).isEqualTo(value);
    }

    @Property(tries = 2000)
    void float_encodeDecode_isExact(@ForAll("floats") MedFloat value) {
        assertThat(MedFloat.fromFloat(value.toFloat())).isEqualTo(value);
    }

    @Property(tries = 2000)
    void nearestSfloat_encodesAndIsWithinHalfAUnitOfItsLastDigit(@ForAll("decimals") BigDecimal value) {
        MedFloat nearest = MedFloat.nearestSfloat(value);

        assertThat(MedFloat.fromSfloat(nearest.toSfloat()).value()).isEqualByComparingTo(nearest.value());
        BigDecimal halfUnit = BigDecimal.ONE.scaleByPowerOfTen(-nearest.value().scale()).divide(BigDecimal.valueOf(2));
        assertThat(nearest.value().subtract(value).abs()).isLessThanOrEqualTo(halfUnit);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        // |value| <= 2000 x 10^7, below the largest SFLOAT (2047 x 10^7)
        return Combinators.combine(Arbitraries.longs().between(-20_000_000_000L, 20_000_000_000L),
                Arbitraries.integers().between(0, 12)).as(BigDecimal::valueOf);
    }

    @Provide
    Arbitrary<Integer> supportedUuids() {
        return Arbitraries.of(Characteristic.values()).map(Characteristic::uuid16);
    }

    @Provide
    Arbitrary<Integer> otherUuids() {
        return Arbitraries.integers().filter(uuid -> Characteristic.of(uuid).isEmpty());
    }

    @Provide
    Arbitrary<byte[]> randomValues() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(48);
    }

    @Provide
    Arbitrary<MedFloat> sfloats() {
        Arbitrary<MedFloat> numbers = Combinators.combine(Arbitraries.longs().between(-2048, 2047),
                Arbitraries.integers().between(-8, 7))
                .filter((m, e) -> e != 0 || !SFLOAT_SPECIAL_MANTISSAS.contains(m))
                .as(MedFloat::of);
        return Arbitraries.frequencyOf(
                Tuple.of(9, numbers),
                Tuple.of(1, Arbitraries.of(MedFloat.Special.values()).map(MedFloat::of)));
    }

    @Provide
    Arbitrary<MedFloat> floats() {
        Arbitrary<MedFloat> numbers = Combinators.combine(Arbitraries.longs().between(-8388608, 8388607),
                Arbitraries.integers().between(-128, 127))
                .filter((m, e) -> e != 0 || !FLOAT_SPECIAL_MANTISSAS.contains(m))
                .as(MedFloat::of);
        return Arbitraries.frequencyOf(
                Tuple.of(9, numbers),
                Tuple.of(1, Arbitraries.of(MedFloat.Special.values()).map(MedFloat::of)));
    }

    @Provide
    Arbitrary<GattMeasurement> measurements() {
        return Arbitraries.oneOf(heartRates(), bloodPressures(), temperatures(), weights(), glucoses(),
                plxSpotChecks(), plxContinuous());
    }

    private Arbitrary<GattMeasurement> heartRates() {
        return Combinators.combine(uint(0xFFFF), Arbitraries.of(SensorContact.values()), uint(0xFFFF).injectNull(0.5),
                uint(0xFFFF).list().ofMaxSize(9))
                .as(HeartRateMeasurement::new);
    }

    private Arbitrary<GattMeasurement> bloodPressures() {
        return Combinators.combine(Arbitraries.of(PressureUnit.values()), sfloats(), sfloats(), sfloats(),
                dateTimes().injectNull(0.5), sfloats().injectNull(0.5), uint(0xFF).injectNull(0.5),
                uint(0xFFFF).injectNull(0.5))
                .as(BloodPressureMeasurement::new);
    }

    private Arbitrary<GattMeasurement> temperatures() {
        return Combinators.combine(Arbitraries.of(TemperatureUnit.values()), floats(), dateTimes().injectNull(0.5),
                uint(0xFF).injectNull(0.5))
                .as(TemperatureMeasurement::new);
    }

    private Arbitrary<GattMeasurement> weights() {
        Arbitrary<int[]> bmiAndHeight = Combinators.combine(uint(0xFFFF), uint(0xFFFF))
                .as((bmi, height) -> new int[] {bmi, height}).injectNull(0.5);
        return Combinators.combine(Arbitraries.of(WeightUnits.values()), uint(0xFFFF), dateTimes().injectNull(0.5),
                uint(0xFF).injectNull(0.5), bmiAndHeight)
                .as((units, weight, time, user, bh) -> new WeightMeasurement(units, weight, time, user,
                        bh == null ? null : bh[0], bh == null ? null : bh[1]));
    }

    private Arbitrary<GattMeasurement> glucoses() {
        Arbitrary<Object[]> concentration = Combinators.combine(sfloats(), uint(0x0F), uint(0x0F))
                .as((value, type, location) -> new Object[] {value, type, location}).injectNull(0.3);
        return Combinators.combine(uint(0xFFFF), dateTimes(),
                Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE).injectNull(0.5),
                Arbitraries.of(ConcentrationUnit.values()), concentration, uint(0xFFFF).injectNull(0.5),
                Arbitraries.of(true, false))
                .as((sequence, base, offset, unit, c, status, context) -> new GlucoseMeasurement(sequence, base,
                        offset, unit, c == null ? null : (MedFloat) c[0], c == null ? null : (Integer) c[1],
                        c == null ? null : (Integer) c[2], status, context));
    }

    private Arbitrary<GattMeasurement> plxSpotChecks() {
        return Combinators.combine(sfloats(), sfloats(), dateTimes().injectNull(0.5), uint(0xFFFF).injectNull(0.5),
                uint(0xFF_FFFF).injectNull(0.5), sfloats().injectNull(0.5), Arbitraries.of(true, false))
                .as(PlxSpotCheckMeasurement::new);
    }

    private Arbitrary<GattMeasurement> plxContinuous() {
        Arbitrary<Spo2PulseRate> pair = Combinators.combine(sfloats(), sfloats()).as(Spo2PulseRate::new);
        return Combinators.combine(pair, pair.injectNull(0.5), pair.injectNull(0.5), uint(0xFFFF).injectNull(0.5),
                uint(0xFF_FFFF).injectNull(0.5), sfloats().injectNull(0.5))
                .as(PlxContinuousMeasurement::new);
    }

    private static Arbitrary<Integer> uint(int max) {
        return Arbitraries.integers().between(0, max);
    }

    /** Known dates, plus the "not known" zeros for year, month or day. */
    private static Arbitrary<GattDateTime> dateTimes() {
        return Combinators.combine(Arbitraries.integers().between(1582, 9999).injectNull(0.1),
                Arbitraries.integers().between(1, 12).injectNull(0.05),
                Arbitraries.integers().between(1, 28).injectNull(0.05), uint(23), uint(59), uint(59))
                .as((year, month, day, hours, minutes, seconds) -> new GattDateTime(year == null ? 0 : year,
                        month == null ? 0 : month, day == null ? 0 : day, hours, minutes, seconds));
    }

}
