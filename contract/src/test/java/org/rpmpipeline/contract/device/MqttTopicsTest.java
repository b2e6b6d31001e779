package org.rpmpipeline.contract.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttTopicsTest {

    @Test
    void buildsAndParsesEachKind() {
        assertThat(MqttTopics.parse(MqttTopics.vitals("ox-1")))
                .contains(new MqttAddress("ox-1", MqttAddress.Kind.VITALS, -1));
        assertThat(MqttTopics.parse(MqttTopics.status("hub-9")))
                .contains(new MqttAddress("hub-9", MqttAddress.Kind.STATUS, -1));
        assertThat(MqttTopics.ble("cuff-7", 0x2A35)).isEqualTo("rpm/v1/cuff-7/ble/2a35");
        assertThat(MqttTopics.parse("rpm/v1/cuff-7/ble/2A35"))
                .contains(new MqttAddress("cuff-7", MqttAddress.Kind.BLE, 0x2A35));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rpm/v2/ox-1/vitals", "rpm/v1/ox-1/other", "rpm/v1/ox-1/ble/2a3", "rpm/v1//vitals",
            "rpm/v1/ox-1/vitals/extra", "other/v1/ox-1/vitals"})
    void rejectsTopicsOutsideTheScheme(String topic) {
        assertThat(MqttTopics.parse(topic)).isEmpty();
    }

    @Test
    void sharedSubscriptionChecksTheGroupName() {
        assertThat(MqttTopics.shared("rpm-gateway", MqttTopics.ALL)).isEqualTo("$share/rpm-gateway/rpm/v1/#");
        assertThatThrownBy(() -> MqttTopics.shared("a/b", MqttTopics.ALL)).hasMessageContaining("share group");
    }

    @Test
    void bindingCoversItsHalfOpenValidityInterval() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-02-01T00:00:00Z");
        DeviceBinding binding = new DeviceBinding(1, "ox-1", "patient-1", from, to, "pulse-oximeter");

        assertThat(binding.covers(from)).isTrue();
        assertThat(binding.covers(to.minusMillis(1))).isTrue();
        assertThat(binding.covers(to)).isFalse();
        assertThat(binding.covers(from.minusMillis(1))).isFalse();
        assertThat(DeviceBinding.of("ox-1", "patient-1").covers(Instant.EPOCH)).isTrue();
        assertThatThrownBy(() -> new DeviceBinding(1, "ox-1", "patient-1", to, from, null))
                .hasMessageContaining("validTo must be after validFrom");
    }
}
