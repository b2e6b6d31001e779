package org.rpmpipeline.contract.reject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.topic.Topics;

class RejectedMessageTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void keepsAPayloadWithinTheLimitWholeWithItsSizeAndDigest() {
        byte[] payload = "{\"vital\":\"spo2\"}".getBytes(StandardCharsets.UTF_8);

        RejectedMessage dead = RejectedMessage.of(RejectReason.SCHEMA_VIOLATION, "value is required",
                "rpm/v1/ox-1/vitals", "ox-1", payload, payload.length, AT, "c-1", 0, List.of());

        assertThat(dead.payload()).isEqualTo(payload);
        assertThat(dead.payloadTruncated()).isFalse();
        assertThat(dead.payloadSize()).isEqualTo(payload.length);
        assertThat(dead.payloadSha256()).isEqualTo(RejectedMessage.sha256(payload)).hasSize(64);
        assertThat(dead.whole()).isTrue();
    }

    @Test
    void truncatesAPayloadOverTheLimitKeepingTheOriginalSizeAndDigest() {
        byte[] payload = new byte[10_000];
        payload[0] = '{';

        RejectedMessage dead = RejectedMessage.of(RejectReason.PAYLOAD_TOO_LARGE, "too large",
                "rpm/v1/ox-1/vitals", "ox-1", payload, 100, AT, null, 0, List.of());

        assertThat(dead.payload()).hasSize(100).startsWith((byte) '{');
        assertThat(dead.payloadTruncated()).isTrue();
        assertThat(dead.payloadSize()).isEqualTo(10_000);
        assertThat(dead.payloadSha256()).isEqualTo(RejectedMessage.sha256(payload));
        assertThat(dead.whole()).isFalse();
    }

    @Test
    void isNotWholeWhenUserPropertiesWereDropped() {
        RejectedMessage dead = RejectedMessage.of(RejectReason.PAYLOAD_TOO_LARGE, "too many user properties",
                "rpm/v1/ox-1/vitals", "ox-1", new byte[8], 100, AT, null, 5_000, List.of());

        assertThat(dead.userPropertiesDropped()).isEqualTo(5_000);
        assertThat(dead.whole()).isFalse();
    }

    @Test
    void matchesTheReasonOfAnyRejectedItem() {
        RejectedMessage dead = RejectedMessage.of(RejectReason.UNBOUND_DEVICE, "2 of 3 items rejected",
                "rpm/v1/ox-1/vitals", "ox-1", new byte[8], 100, AT, null, 0,
                List.of(RejectReason.UNBOUND_DEVICE, RejectReason.IMPLAUSIBLE_VALUE));

        assertThat(dead.hasReason(RejectReason.IMPLAUSIBLE_VALUE)).isTrue();
        assertThat(dead.hasReason(RejectReason.UNBOUND_DEVICE)).isTrue();
        assertThat(dead.hasReason(RejectReason.MALFORMED_JSON)).isFalse();
    }

    @Test
    void readsADeadLetterWrittenBeforeTheSizeFieldsExistedAsWhole() {
        String old = "{\"schemaVersion\":1,\"reason\":\"UNKNOWN_DEVICE\",\"detail\":\"no binding\","
                + "\"sourceTopic\":\"rpm/v1/ox-9/vitals\",\"deviceId\":\"ox-9\",\"payload\":\"D6zz\","
                + "\"receivedAt\":\"2026-03-01T12:00:00Z\"}";

        RejectedMessage dead = Topics.REJECTED.valueSerde().deserializer().deserialize("rpm.rejected",
                old.getBytes(StandardCharsets.UTF_8));

        assertThat(dead.payloadSize()).isEqualTo(3);
        assertThat(dead.payloadSha256()).isEqualTo(RejectedMessage.sha256(new byte[] {0x0F, (byte) 0xAC, (byte) 0xF3}));
        assertThat(dead.payloadTruncated()).isFalse();
        assertThat(dead.userPropertiesDropped()).isZero();
        assertThat(dead.itemReasons()).isEmpty();
        assertThat(dead.whole()).isTrue();
    }

    @Test
    void roundTripsTheNewFieldsThroughJson() {
        RejectedMessage dead = RejectedMessage.of(RejectReason.IMPLAUSIBLE_VALUE, "1 of 2 items rejected",
                "rpm/v1/ox-1/vitals", "ox-1", new byte[300], 200, AT, "c-1", 2,
                List.of(RejectReason.IMPLAUSIBLE_VALUE));

        byte[] json = Topics.REJECTED.valueSerde().serializer().serialize("rpm.rejected", dead);
        RejectedMessage back = Topics.REJECTED.valueSerde().deserializer().deserialize("rpm.rejected", json);

        assertThat(back.payload()).hasSize(200);
        assertThat(back.payloadSize()).isEqualTo(300);
        assertThat(back.payloadSha256()).isEqualTo(dead.payloadSha256());
        assertThat(back.payloadTruncated()).isTrue();
        assertThat(back.userPropertiesDropped()).isEqualTo(2);
        assertThat(back.itemReasons()).containsExactly(RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\"whole\"");
    }

    @Test
    void refusesASizeThatContradictsThePayload() {
        assertThatThrownBy(() -> new RejectedMessage(Schema.VERSION, RejectReason.MALFORMED_JSON, "x",
                "rpm/v1/ox-1/vitals", "ox-1", new byte[10], AT, null, 5L, null, false, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payloadSize");
    }
}
