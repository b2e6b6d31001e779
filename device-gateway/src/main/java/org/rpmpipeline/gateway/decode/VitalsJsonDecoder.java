package org.rpmpipeline.gateway.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.rpmpipeline.contract.device.VitalMessage;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Decodes the JSON of {@code rpm/v1/{deviceId}/vitals}: one {@link VitalMessage} object, or an array of them
 * (an offline sync). Each item is checked on its own, so one bad item of a batch does not sink the others; a
 * payload that is not JSON at all is one rejection. JSON is read strictly and within bounds ({@link DeviceJson}).
 * Types are strict: a number sent as a string is a schema violation, not a guess. A value is checked before any
 * arithmetic touches it: its digits ({@link Decimals#withinDigits}), then its plausibility in the unit sent,
 * and only then is it converted to the canonical unit.
 */
public final class VitalsJsonDecoder {
    private static final Set<String> TEXT_FIELDS = Set.of("deviceId", "vital", "unit", "measuredAt");
    private static final String VITAL_CODES = Arrays.stream(VitalType.values()).map(VitalType::code).toList()
            .toString();

    private final DeviceJson json;
    private final PlausibilityBounds bounds;

    public VitalsJsonDecoder(DeviceJson json, PlausibilityBounds bounds) {
        this.json = json;
        this.bounds = bounds;
    }

    /** Decodes {@code payload} published for {@code topicDeviceId}: one result per item, in order. */
    public List<DecodeResult<Measurement>> decode(byte[] payload, String topicDeviceId) {
        DecodeResult<JsonNode> read = json.read(payload);
        if (read instanceof DecodeResult.Rejected<JsonNode> r) {
            return List.of(r.retyped());
        }
        JsonNode root = ((DecodeResult.Accepted<JsonNode>) read).value();
        if (root.isObject()) {
            return List.of(decodeItem(root, topicDeviceId, null));
        }
        if (root.isArray()) {
            if (root.isEmpty()) {
                return List.of(DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, "batch array is empty"));
            }
            List<DecodeResult<Measurement>> results = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                String label = "item[" + i + "]";
                DecodeResult<Measurement> result = decodeItem(root.get(i), topicDeviceId, label);
                results.add(result instanceof DecodeResult.Rejected<Measurement> r ? r.prefixed(label) : result);
            }
            return results;
        }
        return List.of(DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                "payload must be a JSON object or an array of objects, was " + root.getNodeType()));
    }

    private DecodeResult<Measurement> decodeItem(JsonNode node, String topicDeviceId, String label) {
        if (!node.isObject()) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                    "reading must be a JSON object, was " + node.getNodeType());
        }
        Optional<String> typeProblem = typeProblem(node);
        if (typeProblem.isPresent()) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, typeProblem.get());
        }
        JsonNode measuredAtNode = node.get("measuredAt");
        Instant measuredAt = null;
        if (measuredAtNode != null && measuredAtNode.isTextual()) {
            try {
                measuredAt = Instant.parse(measuredAtNode.asText());
            } catch (DateTimeParseException e) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, "measuredAt must be an ISO-8601 UTC instant"
                        + " such as 2026-01-31T08:15:00Z, was " + DeviceText.quote(measuredAtNode.asText()));
            }
        }
        VitalMessage message = new VitalMessage(text(node.get("id")), text(node.get("deviceId")),
                text(node.get("vital")), decimal(node.get("value")), text(node.get("unit")), measuredAt,
                componentMessages(node.get("components")));
        if (message.deviceId() != null && !message.deviceId().equals(topicDeviceId)) {
            return DecodeResult.rejected(RejectReason.DEVICE_ID_MISMATCH, "deviceId "
                    + DeviceText.quote(message.deviceId()) + " differs from the topic's device \"" + topicDeviceId
                    + "\"");
        }
        return toMeasurement(message, label);
    }

    private static DecodeResult<VitalType> vital(String at, String code) {
        try {
            return DecodeResult.accepted(VitalType.fromCode(code));
        } catch (IllegalArgumentException e) {
            return DecodeResult.rejected(RejectReason.UNSUPPORTED_VITAL,
                    at + "vital " + DeviceText.quote(code) + " is not one of " + VITAL_CODES);
        }
    }

    /** Strict JSON types, checked before the message is read so that a string is never taken for a number. */
    private static Optional<String> typeProblem(JsonNode node) {
        for (String field : TEXT_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                return Optional.of(field + " must be a string, was " + value.getNodeType());
            }
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isNull() && !id.isTextual() && !id.isIntegralNumber()) {
            return Optional.of("id must be a string or an integer, was " + id.getNodeType());
        }
        JsonNode value = node.get("value");
        if (value != null && !value.isNull() && !value.isNumber()) {
            return Optional.of("value must be a number, was " + value.getNodeType());
        }
        JsonNode components = node.get("components");
        if (components != null && !components.isNull()) {
            if (!components.isArray()) {
                return Optional.of("components must be an array, was " + components.getNodeType());
            }
            for (int i = 0; i < components.size(); i++) {
                JsonNode component = components.get(i);
                String at = "components[" + i + "]";
                if (!component.isObject()) {
                    return Optional.of(at + " must be an object, was " + component.getNodeType());
                }
                for (String field : List.of("vital", "unit")) {
                    JsonNode text = component.get(field);
                    if (text != null && !text.isNull() && !text.isTextual()) {
                        return Optional.of(at + "." + field + " must be a string, was " + text.getNodeType());
                    }
                }
                JsonNode number = component.get("value");
                if (number != null && !number.isNull() && !number.isNumber()) {
                    return Optional.of(at + ".value must be a number, was " + number.getNodeType());
                }
            }
        }
        return Optional.empty();
    }

    // The message is read off the tree whose JSON types typeProblem has checked (so nothing here can fail); the
    // tree was parsed once already, and binding it again with Jackson would parse measuredAt a second time.

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static BigDecimal decimal(JsonNode value) {
        return value == null || value.isNull() ? null : value.decimalValue();
    }

    private static List<VitalMessage.ComponentMessage> componentMessages(JsonNode components) {
        if (components == null || components.isNull()) {
            return null;
        }
        List<VitalMessage.ComponentMessage> messages = new ArrayList<>(components.size());
        for (JsonNode component : components) {
            messages.add(new VitalMessage.ComponentMessage(text(component.get("vital")),
                    decimal(component.get("value")), text(component.get("unit"))));
        }
        return messages;
    }

    private DecodeResult<Measurement> toMeasurement(VitalMessage message, String label) {
        if (message.vital() == null) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, "vital is required");
        }
        DecodeResult<VitalType> known = vital("", message.vital());
        if (known instanceof DecodeResult.Rejected<VitalType> r) {
            return r.retyped();
        }
        VitalType vital = ((DecodeResult.Accepted<VitalType>) known).value();
        List<VitalMessage.ComponentMessage> sent = message.components() == null ? List.of() : message.components();
        if (vital.isPanel()) {
            if (message.value() != null || message.unit() != null) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                        vital.code() + " is a panel: value and unit belong in components");
            }
            if (sent.isEmpty()) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                        "components are required for " + vital.code());
            }
            DecodeResult<List<Component>> decoded = components(vital, sent);
            if (decoded instanceof DecodeResult.Rejected<List<Component>> r) {
                return r.retyped();
            }
            List<Component> components = ((DecodeResult.Accepted<List<Component>>) decoded).value();
            return DecodeResult.accepted(new Measurement(vital, null, null, components, message.measuredAt(), false,
                    discriminator(message, null, components), Map.of(), label));
        }
        if (!sent.isEmpty()) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                    "components are only allowed for a panel, not for " + vital.code());
        }
        DecodeResult<BigDecimal> value = quantity("", vital, message.value(), message.unit());
        if (value instanceof DecodeResult.Rejected<BigDecimal> r) {
            return r.retyped();
        }
        BigDecimal canonical = ((DecodeResult.Accepted<BigDecimal>) value).value();
        return DecodeResult.accepted(new Measurement(vital, canonical, null, List.of(), message.measuredAt(), false,
                discriminator(message, canonical, List.of()), Map.of(), label));
    }

    private DecodeResult<List<Component>> components(VitalType panel,
            List<VitalMessage.ComponentMessage> sent) {
        List<Component> components = new ArrayList<>();
        Set<VitalType> seen = EnumSet.noneOf(VitalType.class);
        for (int i = 0; i < sent.size(); i++) {
            VitalMessage.ComponentMessage c = sent.get(i);
            String at = "components[" + i + "]";
            if (c.vital() == null) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, at + ".vital is required");
            }
            DecodeResult<VitalType> known = vital(at + ".", c.vital());
            if (known instanceof DecodeResult.Rejected<VitalType> r) {
                return r.retyped();
            }
            VitalType type = ((DecodeResult.Accepted<VitalType>) known).value();
            if (!panel.componentTypes().contains(type)) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                        at + ".vital " + type.code() + " is not a component of " + panel.code());
            }
            if (!seen.add(type)) {
                return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, at + ".vital " + type.code() + " repeats");
            }
            DecodeResult<BigDecimal> value = quantity(at + ".", type, c.value(), c.unit());
            if (value instanceof DecodeResult.Rejected<BigDecimal> r) {
                return r.retyped();
            }
            components.add(Component.of(type, ((DecodeResult.Accepted<BigDecimal>) value).value()));
        }
        return DecodeResult.accepted(components);
    }

    private DecodeResult<BigDecimal> quantity(String at, VitalType vital, BigDecimal value, String unit) {
        if (value == null) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, at + "value is required for " + vital.code());
        }
        if (unit == null) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION,
                    at + "unit is required for " + vital.code() + " (UCUM \"" + vital.unit() + "\")");
        }
        int maxDigits = json.limits().maxValueDigits();
        if (!Decimals.withinDigits(value, maxDigits)) {
            return DecodeResult.rejected(RejectReason.IMPLAUSIBLE_VALUE, at + vital.code() + " value "
                    + Decimals.describe(value) + " has more than " + maxDigits
                    + " digits before or after the decimal point, beyond any measurement");
        }
        if (!UnitConversion.supports(vital, unit)) {
            return DecodeResult.rejected(RejectReason.UNIT_MISMATCH, at + "unit " + DeviceText.quote(unit)
                    + " is not " + vital.code() + "'s UCUM unit \"" + vital.unit() + "\"");
        }
        Optional<String> implausible = bounds.checkAsSent(vital, value, unit);
        if (implausible.isPresent()) {
            return DecodeResult.rejected(RejectReason.IMPLAUSIBLE_VALUE, at + implausible.get());
        }
        return UnitConversion.toCanonical(vital, value, unit)
                .<DecodeResult<BigDecimal>>map(DecodeResult::accepted)
                .orElseGet(() -> DecodeResult.rejected(RejectReason.UNIT_MISMATCH, at + "unit "
                        + DeviceText.quote(unit) + " is not " + vital.code() + "'s UCUM unit \"" + vital.unit()
                        + "\""));
    }

    /** The device-side id if sent, else the values, so redelivery of the same reading gives the same id. */
    private static String discriminator(VitalMessage message, BigDecimal value, List<Component> components) {
        if (message.id() != null) {
            return "id=" + message.id();
        }
        if (value != null) {
            return "value=" + value.stripTrailingZeros().toPlainString();
        }
        StringJoiner joiner = new StringJoiner(";");
        components.forEach(c -> joiner.add(c.vital().code() + "=" + c.value().stripTrailingZeros().toPlainString()));
        return joiner.toString();
    }
}
