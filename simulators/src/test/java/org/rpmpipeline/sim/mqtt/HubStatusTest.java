package org.rpmpipeline.sim.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.json.Json;

class HubStatusTest {

    @Test
    void lastWill_saysOfflineWithoutATime() throws Exception {
        var node = Json.mapper().readTree(HubStatus.json("hub-1", false, null));

        assertThat(node.get("online").booleanValue()).isFalse();
        assertThat(node.get("deviceId").textValue()).isEqualTo("hub-1");
        assertThat(node.has("reportedAt")).isFalse();
        assertThat(node.has("firmware")).isFalse();
    }

    @Test
    void online_carriesFirmwareAndTime() throws Exception {
        var node = Json.mapper().readTree(HubStatus.json("hub-1", true, Instant.parse("2026-11-28T15:00:00Z")));

        assertThat(node.get("online").booleanValue()).isTrue();
        assertThat(node.get("firmware").textValue()).isEqualTo(HubStatus.FIRMWARE);
        assertThat(node.get("reportedAt").textValue()).isEqualTo("2026-11-28T15:00:00Z");
    }
}
