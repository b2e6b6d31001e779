package org.rpmpipeline.sim.scenario;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.rpmpipeline.sim.device.Instrument;
import org.rpmpipeline.sim.device.Measurement;
import org.rpmpipeline.sim.device.VirtualDevice;
import org.rpmpipeline.sim.patient.VirtualPatient;

/**
 * The measurements of a scenario in scenario-time order, generated lazily (one pending entry per device, so a
 * cohort of 10,000 devices over days needs no more memory than over seconds). Ties are ordered by the device's
 * position in the cohort. Every device draws from its own random stream seeded by the scenario seed and its id,
 * so the same seed always yields the same measurements in the same order.
 */
public final class Timeline implements Iterator<Measurement> {
    private final PriorityQueue<Cursor> queue;
    private final long endMillis;

    Timeline(List<VirtualPatient> patients, long seed, Duration duration) {
        this.endMillis = duration.toMillis();
        this.queue = new PriorityQueue<>(Math.max(1, patients.size() * 4));
        int index = 0;
        for (VirtualPatient patient : patients) {
            for (VirtualDevice device : patient.devices()) {
                long first = device.schedule().firstAtOrAfter(0);
                if (first < endMillis) {
                    queue.add(new Cursor(patient, device, index, first, new SplittableRandom(
                            mix(seed, device.deviceId()))));
                }
                index++;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !queue.isEmpty();
    }

    /** Scenario time of the next measurement, or -1 when there is none. */
    public long nextOffsetMillis() {
        Cursor head = queue.peek();
        return head == null ? -1 : head.dueMillis;
    }

    @Override
    public Measurement next() {
        Cursor cursor = queue.poll();
        if (cursor == null) {
            throw new NoSuchElementException("the timeline is exhausted");
        }
        Duration offset = Duration.ofMillis(cursor.dueMillis);
        Measurement measurement = new Measurement(offset, cursor.sequence, cursor.patient.patientId(),
                cursor.patient.hubId(), cursor.device.deviceId(), cursor.device.kind(),
                Instrument.measure(cursor.device.kind(), cursor.patient.physiology(), offset, cursor.random));
        cursor.sequence++;
        cursor.dueMillis = cursor.device.schedule().after(cursor.dueMillis);
        if (cursor.dueMillis < endMillis) {
            queue.add(cursor);
        }
        return measurement;
    }

    private static long mix(long seed, String deviceId) {
        long h = 1125899906842597L;
        for (byte b : deviceId.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return seed * 0x9E3779B97F4A7C15L ^ h;
    }

    private static final class Cursor implements Comparable<Cursor> {
        final VirtualPatient patient;
        final VirtualDevice device;
        final int index;
        final SplittableRandom random;
        long dueMillis;
        long sequence = 1;

        Cursor(VirtualPatient patient, VirtualDevice device, int index, long dueMillis, SplittableRandom random) {
            this.patient = patient;
            this.device = device;
            this.index = index;
            this.dueMillis = dueMillis;
            this.random = random;
        }

        @Override
        public int compareTo(Cursor other) {
            int byTime = Long.compare(dueMillis, other.dueMillis);
            return byTime != 0 ? byTime : Integer.compare(index, other.index);
        }
    }
}
