package org.rpmpipeline.alerts;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Which vitals are grouped into SampledData Observations instead of one Observation per reading.
 *
 * @param periods group length per vital, from {@code rpm.alerts.fhir.sampled-data.<vital>} (e.g.
 *     {@code rpm.alerts.fhir.sampled-data.spo2=1m}); a vital not listed is mapped per reading
 * @param slot the length of one sample slot ({@code rpm.alerts.fhir.sampled-data-slot}); every period is a
 *     whole number of slots
 * @param grace how long after a period's end (by the wall clock) its group is emitted when no later reading of
 *     the device came ({@code rpm.alerts.fhir.sampled-data-grace})
 */
public record SampledDataSettings(Map<VitalType, Duration> periods, Duration slot, Duration grace) {
    /** Prefix of the per-vital keys; the vital's wire code follows. */
    public static final String PREFIX = "rpm.alerts.fhir.sampled-data.";
    public static final String SLOT = "rpm.alerts.fhir.sampled-data-slot";
    public static final String GRACE = "rpm.alerts.fhir.sampled-data-grace";
    /** At most this many slots per group (a 1-hour group of 1-second slots). */
    static final long MAX_SLOTS = 3_600;

    public SampledDataSettings {
        periods = Map.copyOf(periods);
    }

    public static SampledDataSettings none() {
        return new SampledDataSettings(Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public boolean enabled() {
        return !periods.isEmpty();
    }

    public Optional<Duration> periodOf(VitalType vital) {
        return Optional.ofNullable(periods.get(vital));
    }

    static SampledDataSettings from(Settings settings) {
        Duration slot = settings.duration(SLOT, Duration.ofSeconds(1));
        if (slot.toMillis() < 1) {
            throw Settings.invalid(SLOT, "must be at least 1ms", slot.toString());
        }
        Duration grace = settings.duration(GRACE, Duration.ofSeconds(30));
        if (grace.isNegative()) {
            throw Settings.invalid(GRACE, "must not be negative", grace.toString());
        }
        Map<VitalType, Duration> periods = new EnumMap<>(VitalType.class);
        for (VitalType vital : VitalType.values()) {
            String key = PREFIX + vital.code();
            if (settings.raw(key).isEmpty()) {
                continue;
            }
            if (vital.isPanel()) {
                throw Settings.invalid(key, "cannot group a panel into SampledData", settings.raw(key).get());
            }
            Duration period = settings.duration(key, Duration.ZERO);
            if (period.isZero()) {
                continue; // explicitly off
            }
            if (period.isNegative() || period.toMillis() % slot.toMillis() != 0
                    || period.toMillis() / slot.toMillis() > MAX_SLOTS) {
                throw Settings.invalid(key, "must be a positive multiple of " + SLOT + " (" + slot + "), at most "
                        + MAX_SLOTS + " slots, or 0 for off", period.toString());
            }
            periods.put(vital, period);
        }
        return new SampledDataSettings(periods, slot, grace);
    }

    @Override
    public String toString() {
        return periods.isEmpty() ? "off" : periods.entrySet().stream()
                .map(e -> e.getKey().code() + "=" + e.getValue()).sorted()
                .collect(Collectors.joining(", ", "[", ", slot=" + slot + ", grace=" + grace + "]"));
    }
}
