package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.ble.GattDateTime;
import org.rpmpipeline.ble.MedFloat;
import org.rpmpipeline.ble.PlxSpotCheckMeasurement;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.gateway.mqtt.InboundMessage;

/**
 * Reading ids the gateway gives to fixed messages, pinned to literal values. The processor drops a reading whose id
 * it has seen and the alert service keys Observations on readings, so a change to how the id is derived (the
 * decoders' discriminators, {@code Reading.idFor}) lets every redelivery across the upgrade through as a new
 * reading: such a change must be deliberate and must fail here first.
 */
class ReadingIdGoldenTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final IngestPipeline pipeline = Pipelines.everyDeviceBound();

    private List<String> ids(String topic, byte[] payload) {
        IngestPipeline.Outcome outcome = pipeline.process(InboundMessage.of(topic, payload, Map.of(), NOW));
        assertThat(outcome.rejection()).isEmpty();
        return outcome.readings().stream().map(Reading::readingId).toList();
    }

    private List<String> json(String payload) {
        return ids("rpm/v1/ox-1/vitals", payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonReadingWithoutADeviceIdIsKnownByItsValue() {
        assertThat(json("{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\",\"measuredAt\":\"2026-03-01T11:59:00Z\"}"))
                .containsExactly("c8f59337-3403-3a91-baa7-a4c50ce4f48e"); // reading|ox-1|spo2|<at>|value=97
        assertThat(json("{\"vital\":\"spo2\",\"value\":97.0,\"unit\":\"%\",\"measuredAt\":\"2026-03-01T11:59:00Z\"}"))
                .as("the same value written otherwise").containsExactly("c8f59337-3403-3a91-baa7-a4c50ce4f48e");
    }

    @Test
    void jsonReadingWithADeviceIdIsKnownByIt() {
        assertThat(json("{\"id\":\"rec-17\",\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\","
                + "\"measuredAt\":\"2026-03-01T11:59:00Z\"}")).containsExactly("ee1fdac1-e071-31d7-8409-74c6ecb59604");
    }

    @Test
    void jsonPanelIsKnownByItsComponents() {
        assertThat(json("{\"vital\":\"blood-pressure\",\"measuredAt\":\"2026-03-01T11:59:00Z\",\"components\":["
                + "{\"vital\":\"systolic-bp\",\"value\":138,\"unit\":\"mm[Hg]\"},"
                + "{\"vital\":\"diastolic-bp\",\"value\":88,\"unit\":\"mm[Hg]\"}]}"))
                .containsExactly("ddcf7b32-5c27-340a-8284-3c5f1f892808"); // ...|systolic-bp=138;diastolic-bp=88
    }

    @Test
    void bleSpotCheckIsKnownByCharacteristicAndValues() {
        byte[] value = new PlxSpotCheckMeasurement(MedFloat.of("96"), MedFloat.of("70"),
                GattDateTime.of(LocalDateTime.of(2026, 3, 1, 11, 58, 30)), null, null, null, false).encode();

        assertThat(ids("rpm/v1/ox-1/ble/2a5e", value)).containsExactly(
                "214a4646-2657-3720-a8ad-2a83909d346f", // reading|ox-1|spo2|2026-03-01T11:58:30Z|2a5e:value=96
                "79977530-c928-3e28-aa32-19e27ff083a8"); // ...|heart-rate|...|2a5e:value=70
    }
}
