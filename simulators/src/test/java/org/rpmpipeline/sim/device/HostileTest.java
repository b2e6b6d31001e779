package org.rpmpipeline.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rpmpipeline.ble.GattCodec;
import org.rpmpipeline.ble.GattRejected;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.patient.Physiology;

/** Each hostile payload really has the defect its expected reject reason names. */
class HostileTest {
    private static final Instant AT = Instant.parse("2026-11-28T15:00:00Z");

    @ParameterizedTest
    @EnumSource(value = Hostile.class, names = {"TRUNCATED", "NAN", "NOT_JSON"})
    void notJson_failsToParse(Hostile hostile) {
        assertThat(hostile.expected()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThatThrownBy(() -> Json.mapper().readTree(hostile.payload("ox-1", 3, AT))).isNotNull();
    }

    @Test
    void wellFormedButWrong_eachHasItsDefect() throws Exception {
        assertThat(Hostile.OVERSIZE.payload("ox-1", 3, AT)).hasSizeGreaterThanOrEqualTo(1 << 20);
        assertThat(json(Hostile.WRONG_TYPE).get("value").isTextual()).isTrue();
        assertThat(json(Hostile.SPOOFED_DEVICE).get("deviceId").textValue()).isNotEqualTo("ox-1");
        assertThat(Hostile.SPOOFED_TOPIC.topicDeviceId("ox-1")).isNotEqualTo("ox-1");
        assertThat(json(Hostile.SPOOFED_TOPIC).get("deviceId").textValue())
                .isEqualTo(Hostile.SPOOFED_TOPIC.topicDeviceId("ox-1"));
        assertThatThrownBy(() -> VitalType.fromCode(json(Hostile.UNKNOWN_VITAL).get("vital").textValue()))
                .isInstanceOf(IllegalArgumentException.class);
        JsonNode wrongUnit = json(Hostile.WRONG_UNIT);
        assertThat(wrongUnit.get("unit").textValue())
                .isNotEqualTo(VitalType.fromCode(wrongUnit.get("vital").textValue()).unit());
        assertThat(json(Hostile.IMPLAUSIBLE).get("value").intValue()).isGreaterThan(100);
        assertThat(Hostile.OVERSIZE.topicDeviceId("ox-1")).isEqualTo("ox-1");
    }

    @ParameterizedTest
    @EnumSource(value = DeviceKind.class, names = "CHECK_IN", mode = EnumSource.Mode.EXCLUDE)
    void truncatedGatt_isRejectedAsMalformedForEveryKind(DeviceKind kind) {
        Measurement m = new Measurement(Duration.ofSeconds(1), 1, "p", "h", "d", kind,
                Instrument.measure(kind, Physiology.stableAdult(0), Duration.ofSeconds(1), new SplittableRandom(1)));

        byte[] cut = Hostile.truncate(kind, BleEncoder.encode(m, AT));

        assertThat(GattCodec.decode(BleEncoder.uuid16(kind), cut)).isInstanceOfSatisfying(GattRejected.class,
                r -> assertThat(r.reason()).isEqualTo(Hostile.TRUNCATED_GATT.expected()));
    }

    private static JsonNode json(Hostile hostile) throws Exception {
        return Json.mapper().readTree(hostile.payload("ox-1", 3, AT));
    }
}
