package org.rpmpipeline.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rpmpipeline.ble.Characteristic;
import org.rpmpipeline.ble.DecodedReading;
import org.rpmpipeline.ble.GattCodec;
import org.rpmpipeline.ble.GattDecoded;
import org.rpmpipeline.ble.GattResult;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.sim.patient.Condition;
import org.rpmpipeline.sim.patient.Physiology;

/** Encoder to decoder round trips: the bytes the simulator sends decode to the values it meant. */
class BleEncoderTest {
    private static final Instant AT = Instant.parse("2026-11-28T15:04:05.678Z");

    @ParameterizedTest
    @EnumSource(value = DeviceKind.class, names = "CHECK_IN", mode = EnumSource.Mode.EXCLUDE)
    void encode_decodesToTheSameValuesForEveryKind(DeviceKind kind) {
        for (long seq = 1; seq <= 50; seq++) {
            Measurement m = measurement(kind, seq);

            List<DecodedReading> decoded = decode(kind, BleEncoder.encode(m, AT));

            assertSameValues(m, decoded);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DeviceKind.class, names = "CHECK_IN", mode = EnumSource.Mode.EXCLUDE)
    void encode_abnormalValues_roundTripToo(DeviceKind kind) {
        Physiology sick = Physiology.stableAdult(0);
        for (Condition.Type type : Condition.Type.values()) {
            sick = new Condition(type, Duration.ZERO, Duration.ofHours(1)).apply(sick);
        }
        Measurement m = new Measurement(Duration.ofMinutes(30), 9, "p", "h", "d", kind,
                Instrument.measure(kind, sick, Duration.ofMinutes(30), new SplittableRandom(2)));

        assertSameValues(m, decode(kind, BleEncoder.encode(m, AT)));
    }

    @ParameterizedTest
    @EnumSource(value = DeviceKind.class, names = {"PULSE_OXIMETER", "BLOOD_PRESSURE_CUFF", "THERMOMETER",
        "WEIGHT_SCALE", "GLUCOMETER"})
    void encode_deviceTime_isTheMeasurementTimeInUtcToTheSecond(DeviceKind kind) {
        List<DecodedReading> decoded = decode(kind, BleEncoder.encode(measurement(kind, 1), AT));

        assertThat(decoded).allMatch(r -> LocalDateTime.of(2026, 11, 28, 15, 4, 5).equals(r.deviceTime())
                && !r.deviceClockUnset());
    }

    @ParameterizedTest
    @EnumSource(value = DeviceKind.class, names = {"PULSE_OXIMETER", "BLOOD_PRESSURE_CUFF", "THERMOMETER",
        "WEIGHT_SCALE", "GLUCOMETER"})
    void encode_clockUnset_sendsNoUsableDeviceTime(DeviceKind kind) {
        List<DecodedReading> decoded = decode(kind, BleEncoder.encode(measurement(kind, 1), null));

        assertThat(decoded).isNotEmpty().allMatch(r -> r.deviceTime() == null);
    }

    @ParameterizedTest
    @EnumSource(value = DeviceKind.class, names = "CHECK_IN", mode = EnumSource.Mode.EXCLUDE)
    void uuid16_isASupportedCharacteristic(DeviceKind kind) {
        assertThat(Characteristic.of(BleEncoder.uuid16(kind))).isPresent();
        assertThat(BleEncoder.measurement(measurement(kind, 1), AT).characteristic().uuid16())
                .isEqualTo(BleEncoder.uuid16(kind));
    }

    private static Measurement measurement(DeviceKind kind, long seq) {
        return new Measurement(Duration.ofSeconds(seq), seq, "patient-1", "hub-1", "dev-1", kind,
                Instrument.measure(kind, Physiology.stableAdult(0.3), Duration.ofSeconds(seq),
                        new SplittableRandom(seq)));
    }

    private static List<DecodedReading> decode(DeviceKind kind, byte[] bytes) {
        GattResult result = GattCodec.decode(BleEncoder.uuid16(kind), bytes);
        assertThat(result).isInstanceOf(GattDecoded.class);
        return ((GattDecoded) result).readings();
    }

    private static void assertSameValues(Measurement m, List<DecodedReading> decoded) {
        for (Sample sample : m.samples()) {
            DecodedReading reading = decoded.stream().filter(r -> r.vital() == sample.vital()).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + sample.vital() + " decoded from " + m.kind()));
            if (sample.vital().isPanel()) {
                for (Component c : sample.components()) {
                    BigDecimal got = reading.components().stream().filter(x -> x.vital() == c.vital())
                            .findFirst().orElseThrow().value();
                    assertThat(got).as(c.vital().code()).isEqualByComparingTo(c.value());
                }
            } else {
                assertThat(reading.value()).as(m.kind() + " " + sample.vital().code())
                        .isEqualByComparingTo(sample.value());
            }
            assertThat(reading.unit()).isEqualTo(sample.vital().unit());
        }
        if (m.kind() == DeviceKind.HEART_RATE_MONITOR) {
            assertThat(decoded.get(0).qualifiers()).isNotEmpty();
        }
    }
}
