package org.rpmpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.gateway.mqtt.InboundMessage;

/** Whatever arrives, the pipeline answers with at least one reading, status or dead letter, and never throws. */
class IngestPipelineFuzzTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final IngestPipeline pipeline = Pipelines.of(id -> Optional.of(DeviceBinding.of(id, "patient-1")),
            Pipelines.input(4096), new GatewayConfig.DeadLetterLimits(4096, 5, 1024));

    @Property(tries = 2000)
    void everyMessageYieldsAnOutcome(@ForAll("topics") String topic, @ForAll("payloads") byte[] payload,
            @ForAll("properties") Map<String, String> properties) {
        IngestPipeline.Outcome outcome = pipeline.process(InboundMessage.of(topic, payload, properties, NOW));

        assertThat(outcome.readings().size() + outcome.statuses().size() + (outcome.deadLetter() == null ? 0 : 1))
                .isPositive();
        outcome.rejection().ifPresent(r -> {
            assertThat(r.payload()).isEqualTo(payload);
            assertThat(r.detail()).hasSizeLessThanOrEqualTo(1024).doesNotContain("\n");
        });
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.oneOf(
                Arbitraries.of("rpm/v1/dev-1/vitals", "rpm/v1/dev-1/status", "rpm/v1/dev-1/ble/2a35",
                        "rpm/v1/dev-1/ble/2a37", "rpm/v1/dev-1/ble/2a1c", "rpm/v1/dev-1/ble/2a9d",
                        "rpm/v1/dev-1/ble/2a18", "rpm/v1/dev-1/ble/2a5e", "rpm/v1/dev-1/ble/2a5f",
                        "rpm/v1/dev-1/ble/ffff", "rpm/v2/dev-1/vitals", "rpm/v1/ bad/vitals"),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> json = Arbitraries.of(
                "{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"}",
                "[{\"vital\":\"spo2\",\"value\":97,\"unit\":\"%\"},{\"vital\":\"x\"},42,null]",
                "{\"vital\":\"blood-pressure\",\"components\":[{\"vital\":\"systolic-bp\",\"value\":1e999,"
                        + "\"unit\":\"mm[Hg]\"}]}",
                "{\"vital\":\"spo2\",\"value\":-0.0,\"unit\":\"%\",\"measuredAt\":\"+999999999-12-31T23:59:59Z\"}",
                "{\"online\":true,\"batteryPercent\":99999999999}", "[]", "{}", "null", "\"x\"")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(json, Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    @Provide
    Arbitrary<Map<String, String>> properties() {
        return Arbitraries.maps(Arbitraries.of(UserProperties.HUB_ID, UserProperties.RELAY_RECEIVED_AT,
                UserProperties.TZ_OFFSET, UserProperties.CORRELATION_ID, "other"),
                Arbitraries.oneOf(Arbitraries.of("hub-1", "2026-03-01T11:59:00Z", "+01:00", "+99:00"),
                        Arbitraries.strings().ofMaxLength(20))).ofMaxSize(4);
    }
}
