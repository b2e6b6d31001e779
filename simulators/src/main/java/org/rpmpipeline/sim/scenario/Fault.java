package org.rpmpipeline.sim.scenario;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.rpmpipeline.contract.Codes;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.Measurement;

/**
 * Something going wrong between a device and the broker during {@code [from, to)} of scenario time, for the
 * devices whose device, patient or hub id is {@code target} ({@code *} for all).
 *
 * @param every for duplicate, malformed: every n-th affected measurement; for stored-replay: records replayed
 * @param skew for clock-skew: how far the device clock is off (positive: ahead, into the future)
 * @param hostile for malformed: what kind of bad payload replaces the measurement
 */
public record Fault(Type type, String target, Duration from, Duration to, int every, Duration skew,
        Hostile hostile) {

    /** Open-ended end of a fault window. */
    public static final Duration FOREVER = Duration.ofDays(100_000);

    public Fault {
        Objects.requireNonNull(type, "type");
        target = target == null ? "*" : target;
        from = from == null ? Duration.ZERO : from;
        to = to == null ? FOREVER : to;
        if (to.compareTo(from) <= 0) {
            throw new IllegalArgumentException(type.code() + ": 'to' must be after 'from'");
        }
        if (every < 1) {
            throw new IllegalArgumentException(type.code() + ": 'every' must be at least 1");
        }
        skew = skew == null ? Duration.ZERO : skew;
        if (type == Type.MALFORMED && hostile == null) {
            throw new IllegalArgumentException("malformed: 'payload' is required, one of "
                    + Arrays.stream(Hostile.values()).map(Hostile::code).toList());
        }
    }

    public static Fault of(Type type, String target, Duration from, Duration to) {
        return new Fault(type, target, from, to, 1, null, null);
    }

    /** The kinds of fault. */
    public enum Type {
        /** The device sends nothing (flat battery, out of range). */
        DEVICE_SILENT("device-silent"),
        /** The hub is offline: measurements are kept and sent at {@code to} as one JSON array per device. */
        HUB_OFFLINE("hub-offline"),
        /** A QoS 1 redelivery: the same message (payload, correlation id) is published twice. */
        DUPLICATE("duplicate"),
        /** The device replays its last {@code every} stored records with each new one (same ids and times). */
        STORED_REPLAY("stored-replay"),
        /** The device clock is not set: no measurement time is sent, the relay time applies. */
        CLOCK_UNSET("clock-unset"),
        /** The device clock is off by {@code skew}. */
        CLOCK_SKEW("clock-skew"),
        /** A bad or hostile payload replaces the measurement. */
        MALFORMED("malformed");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Type fromCode(String code) {
            return Codes.byCode(values(), Type::code, "fault", code);
        }
    }

    /** True if this fault affects {@code measurement}. */
    public boolean affects(Measurement measurement) {
        boolean who = target.equals("*") || target.equals(measurement.deviceId())
                || target.equals(measurement.patientId()) || target.equals(measurement.hubId());
        return who && measurement.offset().compareTo(from) >= 0 && measurement.offset().compareTo(to) < 0;
    }
}
