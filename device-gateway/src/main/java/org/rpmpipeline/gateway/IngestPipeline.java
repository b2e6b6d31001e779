package org.rpmpipeline.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.gateway.GatewayConfig.DeadLetterLimits;
import org.rpmpipeline.gateway.GatewayConfig.InputLimits;
import org.rpmpipeline.gateway.binding.ReadingBinder;
import org.rpmpipeline.gateway.decode.BleDecoder;
import org.rpmpipeline.gateway.decode.DecodeResult;
import org.rpmpipeline.gateway.decode.DeviceJson;
import org.rpmpipeline.gateway.decode.Measurement;
import org.rpmpipeline.gateway.decode.MessageContext;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;
import org.rpmpipeline.gateway.decode.StatusJsonDecoder;
import org.rpmpipeline.gateway.decode.VitalsJsonDecoder;
import org.rpmpipeline.gateway.mqtt.InboundMessage;
import org.tinylog.Logger;

/**
 * The gateway's steps for one MQTT message, without any I/O: topic → size and user-property limits → user
 * properties → payload decoder (JSON vitals, BLE characteristic or status) → binding and validation. The outcome
 * lists what to write to Kafka; a message always yields at least one reading, status or dead letter, and this
 * never throws, whatever a decoder does (an {@link Error} included).
 *
 * <p>A rejected message gives exactly one dead letter. A batch with bad items: every good item becomes a
 * reading, and the one dead letter lists the bad items ({@code item[3]: ...}, at most
 * {@link DeadLetterLimits#maxItems()}, then counts by reason) and carries the payload once, so a hostile batch
 * cannot multiply its own size in Kafka.
 */
public final class IngestPipeline {
    private final VitalsJsonDecoder vitals;
    private final StatusJsonDecoder status;
    private final BleDecoder ble;
    private final ReadingBinder binder;
    private final InputLimits limits;
    private final DeadLetters deadLetters;

    public IngestPipeline(ReadingBinder binder, BleDecoder ble, PlausibilityBounds bounds, InputLimits limits,
            DeadLetterLimits deadLetterLimits) {
        DeviceJson json = new DeviceJson(limits.json());
        this.vitals = new VitalsJsonDecoder(json, bounds);
        this.status = new StatusJsonDecoder(json);
        this.binder = binder;
        this.ble = ble;
        this.limits = limits;
        this.deadLetters = new DeadLetters(limits, deadLetterLimits);
    }

    /**
     * What one MQTT message turns into.
     *
     * @param deviceId the device of the topic, or {@code null} if the topic did not parse
     * @param hubId the hub user property, if valid
     * @param deadLetter the message's one dead letter, or {@code null} if nothing of it was rejected
     * @param rejected how many items (or whole messages) were rejected, by reason, for metrics
     */
    public record Outcome(InboundMessage message, String deviceId, String hubId, String correlationId,
            List<Reading> readings, List<DeviceStatus> statuses, RejectedMessage deadLetter,
            Map<RejectReason, Integer> rejected) {
        public Outcome {
            readings = List.copyOf(readings);
            statuses = List.copyOf(statuses);
            rejected = rejected.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(rejected));
        }

        /** The dead letter, if any. */
        public Optional<RejectedMessage> rejection() {
            return Optional.ofNullable(deadLetter);
        }
    }

    public Outcome process(InboundMessage message) {
        String correlationId = MessageContext.correlationIdOf(message);
        Optional<MqttAddress> parsed = MqttTopics.parse(message.topic());
        String deviceId = parsed.map(MqttAddress::deviceId).orElse(null);
        try {
            if (parsed.isEmpty()) {
                return rejectAll(message, null, null, correlationId, RejectReason.UNKNOWN_TOPIC,
                        "topic is not rpm/v1/{deviceId}/vitals, /ble/{uuid16} or /status");
            }
            Optional<String> tooLarge = sizeProblem(message);
            if (tooLarge.isPresent()) {
                return rejectAll(message, deviceId, null, correlationId, RejectReason.PAYLOAD_TOO_LARGE,
                        tooLarge.get());
            }
            DecodeResult<MessageContext> context = MessageContext.of(message, parsed.get(), correlationId);
            if (context instanceof DecodeResult.Rejected<MessageContext> r) {
                return rejectAll(message, deviceId, null, correlationId, r.reason(), r.detail());
            }
            MessageContext ctx = ((DecodeResult.Accepted<MessageContext>) context).value();
            return switch (ctx.address().kind()) {
                case VITALS -> measurements(message, ctx, vitals.decode(message.payload(), ctx.deviceId()));
                case BLE -> measurements(message, ctx, ble.decode(ctx.address().uuid16(), message.payload(), ctx));
                case STATUS -> status(message, ctx);
            };
        } catch (Throwable e) {
            // a bug, not bad input (an Error included: a decoder must never cost more than this one message):
            // keep the message as a dead letter, replayable after the fix, and keep running
            Logger.warn("unexpected failure while decoding, message dead-lettered [error: {}]", e.toString());
            Logger.debug(e, "unexpected failure while decoding [device: {}]", deviceId);
            return rejectAll(message, deviceId, null, correlationId, RejectReason.SCHEMA_VIOLATION,
                    "the gateway failed unexpectedly on this message (" + e.getClass().getSimpleName()
                            + "); replay it once fixed");
        }
    }

    /**
     * A dead letter to write instead of {@code outcome}'s records after Kafka refused one of them for good,
     * smaller at each {@code level} (1, 2, ...); empty once there is nothing smaller to try.
     */
    public Optional<RejectedMessage> replacement(Outcome outcome, int level, Throwable refusal) {
        return deadLetters.replacement(outcome, level, refusal);
    }

    /** The smallest dead letter of {@code outcome} (no payload, no user properties), after {@code failure}. */
    public RejectedMessage lastResort(Outcome outcome, Throwable failure) {
        return deadLetters.lastResort(outcome, failure);
    }

    /** The message's size (payload and user properties) and its user properties against the limits. */
    private Optional<String> sizeProblem(InboundMessage message) {
        int count = message.userProperties().size();
        long propertyBytes = DeadLetters.userPropertyBytes(message);
        if (count > limits.maxUserProperties() || propertyBytes > limits.maxUserPropertyBytes()) {
            return Optional.of("message has " + count + " user properties of " + propertyBytes + " bytes; at most "
                    + limits.maxUserProperties() + " properties of " + limits.maxUserPropertyBytes()
                    + " bytes are accepted");
        }
        long size = message.payload().length + propertyBytes;
        if (size > limits.maxMessageBytes()) {
            return Optional.of("message has " + size + " bytes (payload " + message.payload().length
                    + ", user properties " + propertyBytes + "), the limit is " + limits.maxMessageBytes());
        }
        return Optional.empty();
    }

    private Outcome measurements(InboundMessage message, MessageContext ctx,
            List<DecodeResult<Measurement>> decoded) {
        List<Reading> readings = new ArrayList<>();
        List<DecodeResult.Rejected<?>> bad = new ArrayList<>();
        for (DecodeResult<Measurement> item : decoded) {
            if (item instanceof DecodeResult.Rejected<Measurement> r) {
                bad.add(r);
                continue;
            }
            Measurement m = ((DecodeResult.Accepted<Measurement>) item).value();
            DecodeResult<Reading> bound = binder.bind(m, ctx);
            if (bound instanceof DecodeResult.Rejected<Reading> r) {
                bad.add(r.prefixed(m.label()));
            } else {
                readings.add(((DecodeResult.Accepted<Reading>) bound).value());
            }
        }
        if (bad.isEmpty()) {
            return new Outcome(message, ctx.deviceId(), ctx.hubId(), ctx.correlationId(), readings, List.of(), null,
                    Map.of());
        }
        Map<RejectReason, Integer> counts = new EnumMap<>(RejectReason.class);
        bad.forEach(r -> counts.merge(r.reason(), 1, Integer::sum));
        RejectedMessage deadLetter = deadLetters.items(message, ctx.deviceId(), ctx.correlationId(), decoded.size(),
                bad);
        return new Outcome(message, ctx.deviceId(), ctx.hubId(), ctx.correlationId(), readings, List.of(),
                deadLetter, counts);
    }

    private Outcome status(InboundMessage message, MessageContext ctx) {
        DecodeResult<DeviceStatus> decoded = status.decode(message.payload(), ctx);
        if (decoded instanceof DecodeResult.Rejected<DeviceStatus> r) {
            return rejectAll(message, ctx.deviceId(), ctx.hubId(), ctx.correlationId(), r.reason(), r.detail());
        }
        return new Outcome(message, ctx.deviceId(), ctx.hubId(), ctx.correlationId(), List.of(),
                List.of(((DecodeResult.Accepted<DeviceStatus>) decoded).value()), null, Map.of());
    }

    private Outcome rejectAll(InboundMessage message, String deviceId, String hubId, String correlationId,
            RejectReason reason, String detail) {
        return new Outcome(message, deviceId, hubId, correlationId, List.of(), List.of(),
                deadLetters.whole(message, deviceId, correlationId, reason, detail), Map.of(reason, 1));
    }
}
