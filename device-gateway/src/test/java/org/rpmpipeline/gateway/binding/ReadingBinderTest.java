package org.rpmpipeline.gateway.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.gateway.decode.DecodeResult;
import org.rpmpipeline.gateway.decode.Measurement;
import org.rpmpipeline.gateway.decode.MessageContext;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;

class ReadingBinderTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant MEASURED = Instant.parse("2026-03-01T11:59:00Z");

    private final Map<String, DeviceBinding> bindings = new HashMap<>(Map.of(
            "ox-1", DeviceBinding.of("ox-1", "patient-1")));
    private final ReadingBinder binder = new ReadingBinder(id -> Optional.ofNullable(bindings.get(id)),
            PlausibilityBounds.defaults(), Duration.ofMinutes(5), Duration.ofDays(7));

    private static Measurement spo2(String value, Instant measuredAt) {
        return new Measurement(VitalType.SPO2, new BigDecimal(value), null, List.of(), measuredAt, false,
                "value=" + value, Map.of(), null);
    }

    private static MessageContext ctx(String deviceId, Instant relay) {
        return new MessageContext("rpm/v1/" + deviceId + "/vitals", new MqttAddress(deviceId, MqttAddress.Kind.VITALS,
                -1), RECEIVED, "hub-1", relay, ZoneOffset.UTC, "corr-1");
    }

    private static Reading accepted(DecodeResult<Reading> result) {
        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        return ((DecodeResult.Accepted<Reading>) result).value();
    }

    private static DecodeResult.Rejected<Reading> rejected(DecodeResult<Reading> result) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return (DecodeResult.Rejected<Reading>) result;
    }

    @Test
    void bindsAReadingToThePatientWithTheDeviceTime() {
        Reading r = accepted(binder.bind(spo2("97", MEASURED), ctx("ox-1", null)));

        assertThat(r.patientId()).isEqualTo("patient-1");
        assertThat(r.deviceId()).isEqualTo("ox-1");
        assertThat(r.hubId()).isEqualTo("hub-1");
        assertThat(r.unit()).isEqualTo("%");
        assertThat(r.measuredAt()).isEqualTo(MEASURED);
        assertThat(r.receivedAt()).isEqualTo(RECEIVED);
        assertThat(r.timeSource()).isEqualTo(TimeSource.DEVICE);
        assertThat(r.correlationId()).isEqualTo("corr-1");
        assertThat(r.schemaVersion()).isEqualTo(Schema.VERSION);
    }

    @Test
    void givesTheSameReadingIdOnRedelivery() {
        Reading first = accepted(binder.bind(spo2("97", MEASURED), ctx("ox-1", null)));
        Reading again = accepted(binder.bind(spo2("97", MEASURED), ctx("ox-1", null)));
        Reading other = accepted(binder.bind(spo2("96", MEASURED), ctx("ox-1", null)));

        assertThat(again.readingId()).isEqualTo(first.readingId());
        assertThat(other.readingId()).isNotEqualTo(first.readingId());
    }

    @Test
    void usesTheRelayTimeWhenTheDeviceSentNone() {
        Instant relay = RECEIVED.minusSeconds(3);
        Reading r = accepted(binder.bind(spo2("97", null), ctx("ox-1", relay)));

        assertThat(r.measuredAt()).isEqualTo(relay);
        assertThat(r.timeSource()).isEqualTo(TimeSource.RELAY);
    }

    @Test
    void usesTheRelayTimeWhenTheDeviceClockIsUnset() {
        Instant relay = RECEIVED.minusSeconds(3);
        Measurement unset = new Measurement(VitalType.SPO2, new BigDecimal("97"), null, List.of(),
                Instant.parse("2000-01-01T00:00:00Z"), true, "value=97", Map.of(), null);

        Reading r = accepted(binder.bind(unset, ctx("ox-1", relay)));

        assertThat(r.measuredAt()).isEqualTo(relay);
        assertThat(r.timeSource()).isEqualTo(TimeSource.RELAY);
    }

    @Test
    void usesTheGatewayTimeWhenNeitherDeviceNorRelayGaveOne() {
        Reading r = accepted(binder.bind(spo2("97", null), ctx("ox-1", null)));

        assertThat(r.measuredAt()).isEqualTo(RECEIVED);
        assertThat(r.timeSource()).isEqualTo(TimeSource.GATEWAY);
    }

    @Test
    void rejectsAnUnknownDevice() {
        DecodeResult.Rejected<Reading> r = rejected(binder.bind(spo2("97", MEASURED), ctx("ox-9", null)));

        assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE);
        assertThat(r.detail()).contains("ox-9");
    }

    @Test
    void rejectsAReadingMeasuredOutsideTheBinding() {
        bindings.put("ox-1", new DeviceBinding(Schema.VERSION, "ox-1", "patient-2", MEASURED.plusSeconds(1), null,
                null));

        assertThat(rejected(binder.bind(spo2("97", MEASURED), ctx("ox-1", null))).reason())
                .isEqualTo(RejectReason.UNBOUND_DEVICE);
    }

    @Test
    void rejectsAMeasurementTooFarInTheFuture() {
        DecodeResult.Rejected<Reading> r = rejected(binder.bind(spo2("97", RECEIVED.plusSeconds(301)),
                ctx("ox-1", null)));

        assertThat(r.reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void acceptsAMeasurementWithinTheClockSkew() {
        accepted(binder.bind(spo2("97", RECEIVED.plusSeconds(299)), ctx("ox-1", null)));
    }

    @Test
    void rejectsAMeasurementOlderThanTheMaximumAge() {
        DecodeResult.Rejected<Reading> r = rejected(binder.bind(spo2("97", RECEIVED.minus(Duration.ofDays(8))),
                ctx("ox-1", null)));

        assertThat(r.reason()).isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void rejectsAnImplausibleValue() {
        DecodeResult.Rejected<Reading> r = rejected(binder.bind(spo2("140", MEASURED), ctx("ox-1", null)));

        assertThat(r.reason()).isEqualTo(RejectReason.IMPLAUSIBLE_VALUE);
        assertThat(r.detail()).contains("spo2 value 140");
    }
}
