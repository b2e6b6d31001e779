package org.rpmpipeline.alerts.fhir;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The readings of one device and vital within one period, one slot per sample interval, on their way to a single
 * SampledData Observation. Not thread-safe: a group belongs to the consumer thread that fills it.
 */
public final class SampledGroup {
    private final String deviceId;
    private final VitalType vital;
    private final Instant start;
    private final Duration period;
    private final Duration slot;
    private final BigDecimal[] values;
    private String patientId;
    private String hubId;
    private Instant lastReceived;

    public SampledGroup(String deviceId, VitalType vital, Instant start, Duration period, Duration slot) {
        this.deviceId = deviceId;
        this.vital = vital;
        this.start = start;
        this.period = period;
        this.slot = slot;
        this.values = new BigDecimal[(int) (period.toMillis() / slot.toMillis())];
    }

    /** The start of the period of length {@code period} (aligned to the epoch) that holds {@code at}. */
    public static Instant periodStart(Instant at, Duration period) {
        long ms = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), ms) * ms);
    }

    /**
     * Puts {@code reading} (of this group's device, vital and period) in its slot; a later reading for the same
     * slot replaces the earlier one. A reading without a value leaves its slot empty ({@code E}).
     */
    public void add(Reading reading) {
        int index = (int) ((reading.measuredAt().toEpochMilli() - start.toEpochMilli()) / slot.toMillis());
        if (index < 0 || index >= values.length) {
            throw new IllegalArgumentException("reading outside the group's period");
        }
        if (reading.value() != null) {
            values[index] = reading.value();
        }
        patientId = reading.patientId();
        if (reading.hubId() != null) {
            hubId = reading.hubId();
        }
        if (lastReceived == null || reading.receivedAt().isAfter(lastReceived)) {
            lastReceived = reading.receivedAt();
        }
    }

    public String deviceId() {
        return deviceId;
    }

    public VitalType vital() {
        return vital;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plus(period);
    }

    public Duration slot() {
        return slot;
    }

    public String patientId() {
        return patientId;
    }

    public String hubId() {
        return hubId;
    }

    public Instant lastReceived() {
        return lastReceived;
    }

    /** The slots in order, {@code null} where no value arrived. */
    public BigDecimal[] values() {
        return values.clone();
    }

    /** The deterministic identity of the group's Observation. */
    public ObservationIds ids() {
        return ObservationIds.sampled(deviceId, vital, start, period);
    }
}
