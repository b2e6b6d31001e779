package org.rpmpipeline.gateway.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * Decodes {@code rpm/v1/{deviceId}/status}: a JSON object with any of {@code online} (boolean; a hub's last will
 * sends {@code false}), {@code batteryPercent} (0..100), {@code rssiDbm}, {@code firmware} and
 * {@code reportedAt} (ISO-8601 instant). JSON is read strictly and within bounds ({@link DeviceJson}).
 */
public final class StatusJsonDecoder {
    private final DeviceJson json;

    public StatusJsonDecoder(DeviceJson json) {
        this.json = json;
    }

    public DecodeResult<DeviceStatus> decode(byte[] payload, MessageContext ctx) {
        DecodeResult<JsonNode> read = json.read(payload);
        if (read instanceof DecodeResult.Rejected<JsonNode> r) {
            return r.retyped();
        }
        JsonNode root = ((DecodeResult.Accepted<JsonNode>) read).value();
        if (!root.isObject()) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                    "status must be a JSON object, was " + root.getNodeType());
        }
        JsonNode deviceId = root.get("deviceId");
        if (deviceId != null && !deviceId.isNull() && !deviceId.asText().equals(ctx.deviceId())) {
            return DecodeResult.rejected(RejectReason.DEVICE_ID_MISMATCH, "deviceId "
                    + DeviceText.quote(deviceId.asText()) + " differs from the topic's device \"" + ctx.deviceId()
                    + "\"");
        }
        JsonNode online = root.get("online");
        JsonNode battery = root.get("batteryPercent");
        JsonNode rssi = root.get("rssiDbm");
        JsonNode firmware = root.get("firmware");
        JsonNode reportedAt = root.get("reportedAt");
        if (present(online) && !online.isBoolean()) {
            return schema("online must be a boolean, was " + online.getNodeType());
        }
        if (present(battery) && !(battery.isIntegralNumber() && battery.canConvertToInt())) {
            return schema("batteryPercent must be an integer, was " + battery.getNodeType());
        }
        if (present(rssi) && !(rssi.isIntegralNumber() && rssi.canConvertToInt())) {
            return schema("rssiDbm must be an integer, was " + rssi.getNodeType());
        }
        if (present(firmware) && !firmware.isTextual()) {
            return schema("firmware must be a string, was " + firmware.getNodeType());
        }
        Instant reported = null;
        if (present(reportedAt)) {
            try {
                reported = Instant.parse(reportedAt.asText());
            } catch (DateTimeException e) {
                return schema("reportedAt must be an ISO-8601 UTC instant, was "
                        + DeviceText.quote(reportedAt.asText()));
            }
        }
        try {
            return DecodeResult.accepted(new DeviceStatus(Schema.VERSION, ctx.deviceId(), ctx.hubId(),
                    present(online) ? online.booleanValue() : null,
                    present(battery) ? battery.intValue() : null,
                    present(rssi) ? rssi.intValue() : null,
                    present(firmware) ? firmware.textValue() : null,
                    reported, ctx.receivedAt()));
        } catch (IllegalArgumentException e) {
            return schema(DeviceText.oneLine(e.getMessage(), 240));
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static DecodeResult<DeviceStatus> schema(String detail) {
        return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, detail);
    }
}
