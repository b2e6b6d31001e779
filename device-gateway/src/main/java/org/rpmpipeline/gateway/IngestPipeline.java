package org.rpmpipeline.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.device.MqttAddress;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.gateway.binding.ReadingBinder;
import org.rpmpipeline.gateway.decode.BleDecoder;
import org.rpmpipeline.gateway.decode.DecodeResult;
import org.rpmpipeline.gateway.decode.Measurement;
import org.rpmpipeline.gateway.decode.MessageContext;
import org.rpmpipeline.gateway.decode.StatusJsonDecoder;
import org.rpmpipeline.gateway.decode.VitalsJsonDecoder;
import org.rpmpipeline.gateway.mqtt.InboundMessage;
import org.tinylog.Logger;

/**
 * The gateway's steps for one MQTT message, without any I/O: topic → size limit → user properties → payload
 * decoder (JSON vitals, BLE characteristic or status) → binding and validation. The outcome lists what to write
 * to Kafka; a message always yields at least one reading, status or dead letter, and this never throws.
 *
 * <p>A batch with bad items: every good item becomes a reading, every bad one a dead letter whose detail starts
 * with its index ({@code item[3]: ...}) and whose payload is the whole original batch. Past
 * {@code maxDeadLettersPerBatch} bad items the rest share one summary dead letter, so a hostile batch cannot
 * multiply its own size in Kafka.
 */
public final class IngestPipeline {
    private static final int SUMMARY_ITEMS = 50;

    private final VitalsJsonDecoder vitals = new VitalsJsonDecoder();
    private final StatusJsonDecoder status = new StatusJsonDecoder();
    private final BleDecoder ble;
    private final ReadingBinder binder;
    private final int maxPayloadBytes;
    private final int maxDeadLettersPerBatch;

    public IngestPipeline(ReadingBinder binder, BleDecoder ble, int maxPayloadBytes, int maxDeadLettersPerBatch) {
        this.binder = binder;
        this.ble = ble;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxDeadLettersPerBatch = maxDeadLettersPerBatch;
    }

    /**
     * What one MQTT message turns into.
     *
     * @param deviceId the device of the topic, or {@code null} if the topic did not parse
     * @param hubId the hub user property, if valid
     */
    public record Outcome(InboundMessage message, String deviceId, String hubId, String correlationId,
            List<Reading> readings, List<DeviceStatus> statuses, List<RejectedMessage> rejections) {
        public Outcome {
            readings = List.copyOf(readings);
            statuses = List.copyOf(statuses);
            rejections = List.copyOf(rejections);
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
            if (message.payload().length > maxPayloadBytes) {
                return rejectAll(message, deviceId, null, correlationId, RejectReason.PAYLOAD_TOO_LARGE,
                        "payload has " + message.payload().length + " bytes, the limit is " + maxPayloadBytes);
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
        } catch (RuntimeException e) {
            // a bug, not bad input: keep the message (dead letter, replayable after the fix) and keep running
            Logger.warn(e, "unexpected error while decoding [device: {}]", deviceId);
            return rejectAll(message, deviceId, null, correlationId, RejectReason.SCHEMA_VIOLATION,
                    "the gateway failed unexpectedly on this message (" + e.getClass().getSimpleName()
                            + "); replay it once fixed");
        }
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
        List<RejectedMessage> rejections = new ArrayList<>();
        for (int i = 0; i < bad.size() && i < maxDeadLettersPerBatch; i++) {
            rejections.add(deadLetter(message, ctx.deviceId(), ctx.correlationId(), bad.get(i).reason(),
                    bad.get(i).detail()));
        }
        if (bad.size() > maxDeadLettersPerBatch) {
            List<DecodeResult.Rejected<?>> rest = bad.subList(maxDeadLettersPerBatch, bad.size());
            StringJoiner summary = new StringJoiner("; ", rest.size() + " more rejected items: ", "");
            rest.stream().limit(SUMMARY_ITEMS).forEach(r -> summary.add(r.reason() + " " + r.detail()));
            if (rest.size() > SUMMARY_ITEMS) {
                summary.add("...");
            }
            rejections.add(deadLetter(message, ctx.deviceId(), ctx.correlationId(), rest.get(0).reason(),
                    summary.toString()));
        }
        return new Outcome(message, ctx.deviceId(), ctx.hubId(), ctx.correlationId(), readings, List.of(),
                rejections);
    }

    private Outcome status(InboundMessage message, MessageContext ctx) {
        DecodeResult<DeviceStatus> decoded = status.decode(message.payload(), ctx);
        if (decoded instanceof DecodeResult.Rejected<DeviceStatus> r) {
            return rejectAll(message, ctx.deviceId(), ctx.hubId(), ctx.correlationId(), r.reason(), r.detail());
        }
        return new Outcome(message, ctx.deviceId(), ctx.hubId(), ctx.correlationId(), List.of(),
                List.of(((DecodeResult.Accepted<DeviceStatus>) decoded).value()), List.of());
    }

    private static Outcome rejectAll(InboundMessage message, String deviceId, String hubId, String correlationId,
            RejectReason reason, String detail) {
        return new Outcome(message, deviceId, hubId, correlationId, List.of(), List.of(),
                List.of(deadLetter(message, deviceId, correlationId, reason, detail)));
    }

    private static RejectedMessage deadLetter(InboundMessage message, String deviceId, String correlationId,
            RejectReason reason, String detail) {
        return new RejectedMessage(Schema.VERSION, reason, detail, message.topic(), deviceId, message.payload(),
                message.receivedAt(), correlationId);
    }
}
