package org.rpmpipeline.gateway.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.gateway.decode.DecodeResult;
import org.rpmpipeline.gateway.decode.Measurement;
import org.rpmpipeline.gateway.decode.MessageContext;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;

/**
 * Turns a decoded measurement into a {@link Reading} for a patient: decides the measurement time (device, else
 * relay, else gateway), checks it against the allowed clock skew and maximum age, checks the value's
 * plausibility, and finds the patient whose binding covers the measurement time.
 */
public final class ReadingBinder {
    private final DeviceLookup devices;
    private final PlausibilityBounds bounds;
    private final Duration maxClockSkew;
    private final Duration maxAge;

    public ReadingBinder(DeviceLookup devices, PlausibilityBounds bounds, Duration maxClockSkew, Duration maxAge) {
        this.devices = devices;
        this.bounds = bounds;
        this.maxClockSkew = maxClockSkew;
        this.maxAge = maxAge;
    }

    public DecodeResult<Reading> bind(Measurement m, MessageContext ctx) {
        Instant measuredAt;
        TimeSource timeSource;
        if (m.measuredAt() != null && !m.deviceClockUnset()) {
            measuredAt = m.measuredAt();
            timeSource = TimeSource.DEVICE;
        } else if (ctx.relayReceivedAt() != null) {
            measuredAt = ctx.relayReceivedAt();
            timeSource = TimeSource.RELAY;
        } else {
            measuredAt = ctx.receivedAt();
            timeSource = TimeSource.GATEWAY;
        }
        if (measuredAt.isAfter(ctx.receivedAt().plus(maxClockSkew))) {
            return DecodeResult.rejected(RejectReason.TIMESTAMP_IN_FUTURE, "measuredAt " + measuredAt + " ("
                    + timeSource.code() + " clock) is more than " + maxClockSkew + " after receipt at "
                    + ctx.receivedAt());
        }
        if (measuredAt.isBefore(ctx.receivedAt().minus(maxAge))) {
            return DecodeResult.rejected(RejectReason.TIMESTAMP_TOO_OLD, "measuredAt " + measuredAt + " ("
                    + timeSource.code() + " clock) is more than " + maxAge + " before receipt at " + ctx.receivedAt());
        }
        Optional<String> implausible = bounds.check(m);
        if (implausible.isPresent()) {
            return DecodeResult.rejected(RejectReason.IMPLAUSIBLE_VALUE, implausible.get());
        }
        Optional<DeviceBinding> binding = devices.find(ctx.deviceId());
        if (binding.isEmpty()) {
            return DecodeResult.rejected(RejectReason.UNKNOWN_DEVICE,
                    "device " + ctx.deviceId() + " has no binding on the device topic");
        }
        DeviceBinding b = binding.get();
        if (!b.covers(measuredAt)) {
            return DecodeResult.rejected(RejectReason.UNBOUND_DEVICE, "device " + ctx.deviceId() + " is bound from "
                    + (b.validFrom() == null ? "ever" : b.validFrom()) + " to "
                    + (b.validTo() == null ? "open end" : b.validTo()) + ", which does not cover measuredAt "
                    + measuredAt);
        }
        try {
            return DecodeResult.accepted(new Reading(Schema.VERSION,
                    Reading.idFor(ctx.deviceId(), m.vital(), measuredAt, m.discriminator()),
                    b.patientId(), ctx.deviceId(), ctx.hubId(), m.vital(), m.value(),
                    m.vital().isPanel() ? null : m.vital().unit(), m.dataAbsentReason(), m.components(),
                    measuredAt, ctx.receivedAt(), timeSource, ctx.correlationId(), m.qualifiers()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return DecodeResult.rejected(RejectReason.SCHEMA_VIOLATION, "reading is invalid: " + e.getMessage());
        }
    }
}
