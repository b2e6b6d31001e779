package org.rpmpipeline.gateway.decode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.rpmpipeline.ble.DecodedReading;
import org.rpmpipeline.ble.GattCodec;
import org.rpmpipeline.ble.GattDecoded;
import org.rpmpipeline.ble.GattRejected;
import org.rpmpipeline.ble.GattResult;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.vital.Component;

/**
 * Decodes raw BLE GATT characteristic values from {@code rpm/v1/{deviceId}/ble/{uuid16}} with the shared
 * {@code ble-gatt} codec and turns each decoded reading into a {@link Measurement}: the device's wall-clock time
 * becomes an instant with the hub's {@code tzOffset} (UTC if the hub sent none, noted in the qualifiers), and a
 * device whose clock is not set gets the relay's time later on.
 */
public final class BleDecoder {
    /** Qualifier naming the UTC offset the device wall-clock time was read in. */
    public static final String DEVICE_TIME_ZONE = "gateway.device-time-zone";

    /** One result per reading the characteristic value holds, or one rejection. */
    public List<DecodeResult<Measurement>> decode(int uuid16, byte[] value, MessageContext ctx) {
        GattResult result = GattCodec.decode(uuid16, value);
        if (result instanceof GattRejected rejected) {
            return List.of(DecodeResult.rejected(rejected.reason(), rejected.detail()));
        }
        List<DecodedReading> readings = ((GattDecoded) result).readings();
        if (readings.isEmpty()) {
            return List.of(DecodeResult.rejected(RejectReason.MALFORMED_BLE,
                    String.format(Locale.ROOT, "characteristic 0x%04x value carries no measurement", uuid16)));
        }
        String characteristic = String.format(Locale.ROOT, "%04x", uuid16);
        List<DecodeResult<Measurement>> out = new ArrayList<>(readings.size());
        for (int i = 0; i < readings.size(); i++) {
            String label = readings.size() > 1 ? "reading[" + i + "]" : null;
            out.add(DecodeResult.accepted(measurement(readings.get(i), characteristic, ctx, label)));
        }
        return out;
    }

    private static Measurement measurement(DecodedReading r, String characteristic, MessageContext ctx,
            String label) {
        Map<String, String> qualifiers = new HashMap<>(r.qualifiers());
        Instant measuredAt = null;
        if (r.deviceTime() != null && !r.deviceClockUnset()) {
            ZoneOffset offset = ctx.tzOffset() == null ? ZoneOffset.UTC : ctx.tzOffset();
            measuredAt = r.deviceTime().toInstant(offset);
            qualifiers.put(DEVICE_TIME_ZONE, ctx.tzOffset() == null ? "assumed-utc" : offset.getId());
        }
        return new Measurement(r.vital(), r.value(), r.dataAbsentReason(), r.components(), measuredAt,
                r.deviceClockUnset(), characteristic + ":" + discriminator(r), qualifiers, label);
    }

    /** The sequence number if the device has one, else the values (special values by their code). */
    private static String discriminator(DecodedReading r) {
        if (r.discriminator() != null) {
            return "seq=" + r.discriminator();
        }
        if (r.value() != null) {
            return "value=" + r.value().stripTrailingZeros().toPlainString();
        }
        if (r.dataAbsentReason() != null) {
            return "absent=" + r.dataAbsentReason().code();
        }
        StringJoiner joiner = new StringJoiner(";");
        for (Component c : r.components()) {
            joiner.add(c.vital().code() + "=" + (c.value() != null ? c.value().stripTrailingZeros().toPlainString()
                    : "absent-" + c.dataAbsentReason().code()));
        }
        return joiner.toString();
    }
}
