package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * Coverage-guided fuzzing of the gateway's status decoder ({@link StatusJsonDecoder} over {@link DeviceJson}) with
 * Jazzer; without {@code JAZZER_FUZZ} it replays the committed inputs under
 * {@code src/test/resources/org/rpmpipeline/gateway/decode/StatusJsonDecoderFuzzTestInputs/}. The input is the
 * payload of {@code rpm/v1/hub-1/status}.
 *
 * <p>Properties (device-gateway README, "Status"): decoding never throws; a rejection is {@code MALFORMED_JSON},
 * {@code SCHEMA_VIOLATION} or {@code DEVICE_ID_MISMATCH} with a bounded one-line detail; an accepted status is the
 * topic's device and hub with the receive time, a battery level within 0..100; and the status written back as
 * device JSON decodes to the same status.
 */
class StatusJsonDecoderFuzzTest {
    private static final Set<RejectReason> REASONS = EnumSet.of(RejectReason.MALFORMED_JSON,
            RejectReason.SCHEMA_VIOLATION, RejectReason.DEVICE_ID_MISMATCH);
    private static final int MAX_DETAIL_CHARS = 512;
    private static final MessageContext CTX = new MessageContext("rpm/v1/hub-1/status",
            new MqttAddress("hub-1", MqttAddress.Kind.STATUS, 0), Instant.parse("2026-03-01T12:00:00Z"), "hub-1",
            null, null, "c-1");

    private final StatusJsonDecoder decoder = new StatusJsonDecoder(new DeviceJson(JsonLimits.defaults()));

    @DictionaryEntries({"\"online\"", "\"batteryPercent\"", "\"rssiDbm\"", "\"firmware\"", "\"reportedAt\"",
        "\"deviceId\"", "\"hub-1\"", "true", "false", "null", "\"2026-03-01T08:00:00Z\"", "2147483648", "-61"})
    @FuzzTest
    void decodeStatusPayload(byte[] payload) throws JsonProcessingException {
        DecodeResult<DeviceStatus> result = decoder.decode(payload, CTX);

        if (result instanceof DecodeResult.Rejected<DeviceStatus> rejected) {
            assertThat(rejected.reason()).isIn(REASONS);
            assertThat(rejected.detail()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_DETAIL_CHARS)
                    .doesNotContain("\n", "\r");
            return;
        }
        DeviceStatus status = ((DecodeResult.Accepted<DeviceStatus>) result).value();
        assertThat(status.deviceId()).isEqualTo(CTX.deviceId());
        assertThat(status.hubId()).isEqualTo(CTX.hubId());
        assertThat(status.receivedAt()).isEqualTo(CTX.receivedAt());
        if (status.batteryPercent() != null) {
            assertThat(status.batteryPercent()).isBetween(0, 100);
        }

        assertThat(decoder.decode(deviceJson(status), CTX)).isEqualTo(DecodeResult.accepted(status));
    }

    /** The status as a device would publish it. */
    private static byte[] deviceJson(DeviceStatus status) throws JsonProcessingException {
        ObjectNode node = Json.mapper().createObjectNode();
        if (status.online() != null) {
            node.put("online", status.online());
        }
        if (status.batteryPercent() != null) {
            node.put("batteryPercent", status.batteryPercent());
        }
        if (status.rssiDbm() != null) {
            node.put("rssiDbm", status.rssiDbm());
        }
        if (status.firmware() != null) {
            node.put("firmware", status.firmware());
        }
        if (status.reportedAt() != null) {
            node.put("reportedAt", status.reportedAt().toString());
        }
        return Json.mapper().writeValueAsBytes(node);
    }
}
