package org.rpmpipeline.sim.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.json.Json;

/**
 * The JSON a hub publishes on {@code rpm/v1/{hubId}/status}: online (with its firmware) on connect, offline as
 * its last will (without a time: the broker sends it whenever the connection is lost).
 */
public final class HubStatus {
    private HubStatus() {
    }

    /** The hub firmware the simulator reports. */
    public static final String FIRMWARE = "rpm-sim-1";

    /** @param reportedAt the time of the report, or {@code null} */
    public static byte[] json(String hubId, boolean online, Instant reportedAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemaVersion", Schema.VERSION);
        body.put("deviceId", hubId);
        body.put("hubId", hubId);
        body.put("online", online);
        if (online) {
            body.put("firmware", FIRMWARE);
        }
        if (reportedAt != null) {
            body.put("reportedAt", reportedAt.toString());
        }
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
