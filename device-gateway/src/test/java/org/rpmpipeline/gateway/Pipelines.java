package org.rpmpipeline.gateway;

import java.time.Duration;
import java.util.Optional;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.gateway.GatewayConfig.DeadLetterLimits;
import org.rpmpipeline.gateway.GatewayConfig.InputLimits;
import org.rpmpipeline.gateway.binding.DeviceLookup;
import org.rpmpipeline.gateway.binding.ReadingBinder;
import org.rpmpipeline.gateway.decode.BleDecoder;
import org.rpmpipeline.gateway.decode.JsonLimits;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;

/** Pipelines for unit tests: default bounds, 5 minutes of clock skew, 7 days of age. */
public final class Pipelines {
    private Pipelines() {
    }

    /** Every device bound to {@code patient-1}, the configuration's default limits. */
    public static IngestPipeline everyDeviceBound() {
        return of(id -> Optional.of(DeviceBinding.of(id, "patient-1")), InputLimits.defaults(),
                DeadLetterLimits.defaults());
    }

    public static IngestPipeline of(DeviceLookup devices, InputLimits input, DeadLetterLimits deadLetters) {
        return new IngestPipeline(new ReadingBinder(devices, PlausibilityBounds.defaults(), Duration.ofMinutes(5),
                Duration.ofDays(7)), new BleDecoder(), PlausibilityBounds.defaults(), input, deadLetters);
    }

    /** The default limits with a message size limit of {@code maxMessageBytes}. */
    public static InputLimits input(int maxMessageBytes) {
        InputLimits d = InputLimits.defaults();
        JsonLimits j = d.json();
        return new InputLimits(maxMessageBytes, d.maxUserProperties(), d.maxUserPropertyBytes(),
                new JsonLimits(maxMessageBytes, j.maxNestingDepth(), j.maxNumberLength(), j.maxStringLength(),
                        j.maxValueDigits()));
    }
}
