package org.rpmpipeline.sim.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.rpmpipeline.contract.device.VitalMessage;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.vital.Component;

/**
 * Encodes a measurement as the JSON a device publishes on {@code rpm/v1/{deviceId}/vitals}: one
 * {@link VitalMessage} per sample, as an object when there is one sample and as an array otherwise. Units are the
 * canonical UCUM units of the vitals.
 */
public final class JsonEncoder {
    private JsonEncoder() {
    }

    /** The messages of {@code measurement}, measured at {@code measuredAt} ({@code null}: clock not set). */
    public static List<VitalMessage> messages(Measurement measurement, Instant measuredAt) {
        List<VitalMessage> out = new ArrayList<>(measurement.samples().size());
        String id = Long.toString(measurement.sequence());
        for (Sample sample : measurement.samples()) {
            List<VitalMessage.ComponentMessage> components = null;
            if (!sample.components().isEmpty()) {
                components = new ArrayList<>();
                for (Component c : sample.components()) {
                    components.add(new VitalMessage.ComponentMessage(c.vital().code(), c.value(), c.unit()));
                }
            }
            out.add(new VitalMessage(id, measurement.deviceId(), sample.vital().code(), sample.value(),
                    sample.vital().unit(), measuredAt, components));
        }
        return out;
    }

    /** The payload bytes (UTF-8 JSON). */
    public static byte[] encode(Measurement measurement, Instant measuredAt) {
        return write(messages(measurement, measuredAt), measurement.deviceId());
    }

    /**
     * The payload of several measurements of one device (a burst sync or a stored-record replay): an array of
     * every sample of every measurement, or a single object when there is just one.
     */
    public static byte[] encode(List<Measurement> measurements, Function<Measurement, Instant> measuredAt) {
        List<VitalMessage> all = new ArrayList<>();
        for (Measurement m : measurements) {
            all.addAll(messages(m, measuredAt.apply(m)));
        }
        return write(all, measurements.get(0).deviceId());
    }

    private static byte[] write(List<VitalMessage> messages, String deviceId) {
        try {
            Object body = messages.size() == 1 ? messages.get(0) : messages;
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode the measurement of device " + deviceId, e);
        }
    }
}
