package org.rpmpipeline.contract.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;

/**
 * Device or hub health on {@code rpm.device-status}, keyed by device id: from {@code rpm/v1/{deviceId}/status}
 * messages and from a hub's last will (online = false).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceStatus(
        int schemaVersion,
        String deviceId,
        String hubId,
        Boolean online,
        Integer batteryPercent,
        Integer rssiDbm,
        String firmware,
        Instant reportedAt,
        Instant receivedAt) {

    public DeviceStatus {
        Schema.check(schemaVersion, "DeviceStatus");
        Ids.require("deviceId", deviceId);
        Ids.optional("hubId", hubId);
        Objects.requireNonNull(receivedAt, "receivedAt is required");
        if (batteryPercent != null && (batteryPercent < 0 || batteryPercent > 100)) {
            throw new IllegalArgumentException("batteryPercent must be 0..100, was " + batteryPercent);
        }
    }
}
