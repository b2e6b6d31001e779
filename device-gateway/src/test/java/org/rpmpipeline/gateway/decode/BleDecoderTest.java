package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.ble.GattDateTime;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.ble.GlucoseMeasurement;
import org.rpmpipeline.ble.MedFloat;
import org.rpmpipeline.ble.PlxContinuousMeasurement;
import org.rpmpipeline.ble.PlxSpotCheckMeasurement;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.VitalType;

class BleDecoderTest {
    /** DOMAIN.md 1.9, VERIFIED PLX spot-check vector: SpO2 94.0 %, PR 147.0 /min, 2024-11-29 23:08:57. */
    private static final byte[] PLX_SPOT = HexFormat.of().parseHex("0FACF3BEF5E8070B1D1708392040220000" + "66E3");

    private final BleDecoder decoder = new BleDecoder();

    private static MessageContext ctx(int uuid16, ZoneOffset tz) {
        return new MessageContext("rpm/v1/plx-1/ble/" + Integer.toHexString(uuid16),
                new MqttAddress("plx-1", MqttAddress.Kind.BLE, uuid16), Instant.parse("2024-11-30T00:00:00Z"), "hub-1",
                null, tz, "c-1");
    }

    private static Measurement accepted(DecodeResult<Measurement> result) {
        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        return ((DecodeResult.Accepted<Measurement>) result).value();
    }

    private static DecodeResult.Rejected<Measurement> rejected(DecodeResult<Measurement> result) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return (DecodeResult.Rejected<Measurement>) result;
    }

    @Test
    void decodesAPlxSpotCheckIntoSpo2AndPulseAtTheHubsOffset() {
        List<DecodeResult<Measurement>> results = decoder.decode(0x2A5E, PLX_SPOT, ctx(0x2A5E, ZoneOffset.ofHours(1)));

        assertThat(results).hasSize(2);
        Measurement spo2 = accepted(results.get(0));
        Measurement pulse = accepted(results.get(1));
        assertThat(spo2.vital()).isEqualTo(VitalType.SPO2);
        assertThat(spo2.value()).isEqualTo(new BigDecimal("94.0"));
        assertThat(spo2.measuredAt()).isEqualTo(Instant.parse("2024-11-29T22:08:57Z"));
        assertThat(spo2.label()).isEqualTo("reading[0]");
        assertThat(spo2.qualifiers()).containsEntry(BleDecoder.DEVICE_TIME_ZONE, "+01:00")
                .containsKey(GattQualifiers.PLX_STATUS);
        assertThat(spo2.discriminator()).startsWith("2a5e:");
        assertThat(pulse.vital()).isEqualTo(VitalType.HEART_RATE);
        assertThat(pulse.value()).isEqualTo(new BigDecimal("147.0"));
    }

    @Test
    void readsTheDeviceTimeAsUtcWhenTheHubSentNoOffsetAndSaysSo() {
        Measurement spo2 = accepted(decoder.decode(0x2A5E, PLX_SPOT, ctx(0x2A5E, null)).get(0));

        assertThat(spo2.measuredAt()).isEqualTo(Instant.parse("2024-11-29T23:08:57Z"));
        assertThat(spo2.qualifiers()).containsEntry(BleDecoder.DEVICE_TIME_ZONE, "assumed-utc");
    }

    @Test
    void leavesTheTimeOpenWhenTheDeviceClockIsNotSet() {
        byte[] value = new PlxSpotCheckMeasurement(MedFloat.of("96"), MedFloat.of("70"),
                GattDateTime.of(LocalDateTime.of(2000, 1, 1, 0, 0, 0)), null, null, null, true).encode();

        Measurement spo2 = accepted(decoder.decode(0x2A5E, value, ctx(0x2A5E, ZoneOffset.UTC)).get(0));

        assertThat(spo2.measuredAt()).isNull();
        assertThat(spo2.deviceClockUnset()).isTrue();
    }

    @Test
    void carriesASpecialValueAsADataAbsentReason() {
        byte[] value = new PlxContinuousMeasurement(new PlxContinuousMeasurement.Spo2PulseRate(
                MedFloat.of(MedFloat.Special.NAN), MedFloat.of("70")), null, null, null, null, null).encode();

        Measurement spo2 = accepted(decoder.decode(0x2A5F, value, ctx(0x2A5F, null)).get(0));

        assertThat(spo2.value()).isNull();
        assertThat(spo2.dataAbsentReason()).isEqualTo(DataAbsentReason.NOT_A_NUMBER);
        assertThat(spo2.discriminator()).isEqualTo("2a5f:absent=not-a-number");
    }

    @Test
    void usesTheGlucoseSequenceNumberAsDiscriminator() {
        byte[] value = new GlucoseMeasurement(17, GattDateTime.of(LocalDateTime.of(2024, 11, 29, 8, 0, 0)), null,
                GlucoseMeasurement.ConcentrationUnit.KG_PER_L, MedFloat.of("0.0095"), 1, 1, null, false).encode();

        Measurement glucose = accepted(decoder.decode(0x2A18, value, ctx(0x2A18, null)).get(0));

        assertThat(glucose.vital()).isEqualTo(VitalType.GLUCOSE);
        assertThat(glucose.discriminator()).isEqualTo("2a18:seq=17");
    }

    @Test
    void rejectsAnUnsupportedCharacteristic() {
        DecodeResult.Rejected<Measurement> r = rejected(decoder.decode(0x2A00, new byte[] {1}, ctx(0x2A00, null))
                .get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.UNSUPPORTED_CHARACTERISTIC);
    }

    @Test
    void rejectsATruncatedValue() {
        byte[] truncated = Arrays.copyOf(PLX_SPOT, 6);

        DecodeResult.Rejected<Measurement> r = rejected(decoder.decode(0x2A5E, truncated, ctx(0x2A5E, null)).get(0));

        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
        assertThat(r.detail()).contains("PLX");
    }
}
