package org.rpmpipeline.gateway;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.gateway.GatewayConfig.DeadLetterLimits;
import org.rpmpipeline.gateway.GatewayConfig.InputLimits;
import org.rpmpipeline.gateway.decode.DecodeResult;
import org.rpmpipeline.gateway.decode.DeviceText;
import org.rpmpipeline.gateway.mqtt.InboundMessage;

/**
 * Builds the one dead letter of a rejected message, within {@link DeadLetterLimits}: the payload once (cut past
 * the limit, with original size and SHA-256), a one-line detail of bounded length that lists the bad items of a
 * batch, and a note of the user properties that were over the limits and so are not kept.
 */
final class DeadLetters {
    /**
     * Topics longer than this are cut in dead letters; no valid topic comes near it ({@code rpm/v1/} + an id of at
     * most 128 characters + {@code /ble/xxxx} is 144).
     */
    static final int MAX_TOPIC_CHARS = 256;
    /** The shortest cut of one item's text in a batch's detail, however many items are listed. */
    private static final int MIN_ITEM_CHARS = 80;
    /** The detail of a last-resort dead letter, which must be small whatever the limits. */
    private static final int MINIMAL_DETAIL_CHARS = 512;

    private final InputLimits input;
    private final DeadLetterLimits limits;

    DeadLetters(InputLimits input, DeadLetterLimits limits) {
        this.input = input;
        this.limits = limits;
    }

    /** The dead letter of a message rejected as a whole. */
    RejectedMessage whole(InboundMessage message, String deviceId, String correlationId, RejectReason reason,
            String detail) {
        return build(message, deviceId, correlationId, reason, detail, List.of());
    }

    /**
     * The dead letter of a message with {@code items} items of which {@code bad} were rejected, in order. One
     * item (a single reading) keeps its own detail; several are listed, at most {@code maxItems} of them, then
     * counted by reason.
     */
    RejectedMessage items(InboundMessage message, String deviceId, String correlationId, int items,
            List<DecodeResult.Rejected<?>> bad) {
        RejectReason first = bad.get(0).reason();
        if (items == 1 && bad.size() == 1) {
            return build(message, deviceId, correlationId, first, bad.get(0).detail(), List.of());
        }
        Set<RejectReason> reasons = new LinkedHashSet<>();
        bad.forEach(r -> reasons.add(r.reason()));
        int itemChars = Math.max(MIN_ITEM_CHARS, limits.maxDetailChars() / (limits.maxItems() + 1));
        StringJoiner detail = new StringJoiner("; ", bad.size() + " of " + items + " items rejected: ", "");
        int listed = Math.min(bad.size(), limits.maxItems());
        for (int i = 0; i < listed; i++) {
            DecodeResult.Rejected<?> r = bad.get(i);
            detail.add(DeviceText.oneLine(r.reason() + " " + r.detail(), itemChars));
        }
        if (bad.size() > listed) {
            Map<RejectReason, Integer> rest = new EnumMap<>(RejectReason.class);
            bad.subList(listed, bad.size()).forEach(r -> rest.merge(r.reason(), 1, Integer::sum));
            StringJoiner counts = new StringJoiner(", ", "(", ")");
            rest.forEach((reason, count) -> counts.add(reason + " " + count));
            detail.add("and " + (bad.size() - listed) + " more " + counts);
        }
        return build(message, deviceId, correlationId, first, detail.toString(), new ArrayList<>(reasons));
    }

    /**
     * What to write instead once Kafka refused a record of {@code outcome} for good ({@code refusal}), level by
     * level, smaller each time: first (only for a message that produced readings or statuses) one dead letter
     * {@code KAFKA_REFUSED} with the payload within the limits, then a dead letter without payload (size and
     * SHA-256 only) and without user properties, then nothing.
     */
    Optional<RejectedMessage> replacement(IngestPipeline.Outcome outcome, int level, Throwable refusal) {
        boolean data = !outcome.readings().isEmpty() || !outcome.statuses().isEmpty();
        int minimalLevel = data ? 2 : 1;
        Optional<RejectedMessage> own = outcome.rejection();
        if (data && level == 1) {
            String why = because(refusal);
            String detail = own.map(d -> why + "; also rejected: " + d.detail()).orElse(why);
            return Optional.of(build(outcome.message(), outcome.deviceId(), outcome.correlationId(),
                    RejectReason.KAFKA_REFUSED, detail, own.map(RejectedMessage::itemReasons).orElse(List.of())));
        }
        if (level == minimalLevel) {
            return Optional.of(lastResort(outcome, refusal));
        }
        return Optional.empty();
    }

    /**
     * The smallest dead letter of {@code outcome}: its own reason and detail if it had a dead letter and nothing
     * else, else {@code KAFKA_REFUSED}; no payload (size and SHA-256 only) and no user properties.
     */
    RejectedMessage lastResort(IngestPipeline.Outcome outcome, Throwable failure) {
        boolean data = !outcome.readings().isEmpty() || !outcome.statuses().isEmpty();
        Optional<RejectedMessage> own = outcome.rejection();
        RejectReason reason = data ? RejectReason.KAFKA_REFUSED
                : own.map(RejectedMessage::reason).orElse(RejectReason.KAFKA_REFUSED);
        String detail = because(failure) + ", so this dead letter keeps no payload and no user properties"
                + own.filter(d -> !data).map(d -> "; " + d.detail()).orElse("");
        return RejectedMessage.of(reason, DeviceText.oneLine(detail, MINIMAL_DETAIL_CHARS),
                topic(outcome.message().topic()), outcome.deviceId(), outcome.message().payload(), 0,
                outcome.message().receivedAt(), outcome.correlationId(), outcome.message().userProperties().size(),
                own.map(RejectedMessage::itemReasons).orElse(List.of()));
    }

    private static String because(Throwable failure) {
        return "the records of this message cannot be written to Kafka (" + failure.getClass().getSimpleName() + ": "
                + DeviceText.oneLine(String.valueOf(failure.getMessage()), 200) + ")";
    }

    private RejectedMessage build(InboundMessage message, String deviceId, String correlationId, RejectReason reason,
            String detail, List<RejectReason> itemReasons) {
        int dropped = propertiesWithinLimits(message) ? 0 : message.userProperties().size();
        String fullDetail = dropped == 0 ? detail
                : detail + " (" + dropped + " user properties over the limits not kept)";
        return RejectedMessage.of(reason, DeviceText.oneLine(fullDetail, limits.maxDetailChars()),
                topic(message.topic()), deviceId, message.payload(), limits.maxPayloadBytes(), message.receivedAt(),
                correlationId, dropped, itemReasons);
    }

    /** The topic as kept in a dead letter: cut past {@link #MAX_TOPIC_CHARS}. */
    static String topic(String topic) {
        return DeviceText.oneLine(topic, MAX_TOPIC_CHARS);
    }

    /** True if the message's user properties are within the count and byte limits, so they can be kept. */
    boolean propertiesWithinLimits(InboundMessage message) {
        return message.userProperties().size() <= input.maxUserProperties()
                && userPropertyBytes(message) <= input.maxUserPropertyBytes();
    }

    /** The UTF-8 bytes of the user properties' names and values. */
    static long userPropertyBytes(InboundMessage message) {
        long bytes = 0;
        for (Map.Entry<String, String> property : message.userProperties()) {
            bytes += utf8Length(property.getKey()) + utf8Length(property.getValue());
        }
        return bytes;
    }

    /** UTF-8 length without encoding: 1 byte below U+0080, 2 below U+0800, 4 per surrogate pair, else 3. */
    static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
