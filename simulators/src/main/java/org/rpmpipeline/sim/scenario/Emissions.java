package org.rpmpipeline.sim.scenario;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.Measurement;

/**
 * The messages hubs publish, in scenario-time order: the {@link Timeline}'s measurements with the scenario's
 * {@link Fault}s applied. Faults are counted, not random (every n-th), so emissions are as reproducible as the
 * measurements.
 */
public final class Emissions implements Iterator<Emission> {
    /**
     * Most measurements a hub puts in one offline-sync message: 200 oximeter records are about 40 KB of JSON,
     * well below the gateway's default payload limit of 256 KiB.
     */
    public static final int MAX_BURST = 200;

    private final Timeline timeline;
    private final List<Fault> faults;
    private final long endMillis;
    private final int[] counters;
    private final Deque<Emission> ready = new ArrayDeque<>();
    private final PriorityQueue<Flush> flushes = new PriorityQueue<>();
    private final Map<Integer, Map<String, List<Measurement>>> offline = new HashMap<>();
    private final Map<String, Deque<Measurement>> history = new HashMap<>();
    private final int historyDepth;

    Emissions(Timeline timeline, List<Fault> faults, Duration duration) {
        this.timeline = timeline;
        this.faults = List.copyOf(faults);
        this.endMillis = duration.toMillis();
        this.counters = new int[this.faults.size()];
        this.historyDepth = this.faults.stream().filter(f -> f.type() == Fault.Type.STORED_REPLAY)
                .mapToInt(Fault::every).max().orElse(0);
    }

    @Override
    public boolean hasNext() {
        fill();
        return !ready.isEmpty();
    }

    /** Scenario time of the next emission, or -1 when there is none. */
    public long nextDueMillis() {
        fill();
        return ready.isEmpty() ? -1 : ready.peekFirst().dueMillis();
    }

    /** The next emission without taking it. */
    public Emission peek() {
        fill();
        Emission next = ready.peekFirst();
        if (next == null) {
            throw new NoSuchElementException("no more emissions");
        }
        return next;
    }

    @Override
    public Emission next() {
        fill();
        Emission next = ready.pollFirst();
        if (next == null) {
            throw new NoSuchElementException("no more emissions");
        }
        return next;
    }

    private void fill() {
        while (ready.isEmpty()) {
            long nextMeasurement = timeline.hasNext() ? timeline.nextOffsetMillis() : Long.MAX_VALUE;
            Flush flush = flushes.peek();
            if (flush != null && flush.dueMillis <= nextMeasurement) {
                flushes.poll();
                release(flush);
            } else if (timeline.hasNext()) {
                apply(timeline.next());
            } else {
                return;
            }
        }
    }

    private void apply(Measurement m) {
        List<Measurement> replayed = List.of();
        if (historyDepth > 0) {
            Deque<Measurement> past = history.computeIfAbsent(m.deviceId(), k -> new ArrayDeque<>());
            replayed = new ArrayList<>(past);
            past.addLast(m);
            if (past.size() > historyDepth) {
                past.removeFirst();
            }
        }
        int copies = 1;
        boolean clockUnset = false;
        Duration skew = Duration.ZERO;
        Hostile hostile = null;
        List<Measurement> carried = List.of(m);
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if (!fault.affects(m)) {
                continue;
            }
            switch (fault.type()) {
                case DEVICE_SILENT:
                    return;
                case HUB_OFFLINE:
                    hold(i, fault, m);
                    return;
                case DUPLICATE:
                    if (++counters[i] % fault.every() == 0) {
                        copies = 2;
                    }
                    break;
                case STORED_REPLAY:
                    List<Measurement> all = new ArrayList<>(
                            replayed.subList(Math.max(0, replayed.size() - fault.every()), replayed.size()));
                    all.add(m);
                    carried = all;
                    break;
                case CLOCK_UNSET:
                    clockUnset = true;
                    break;
                case CLOCK_SKEW:
                    skew = skew.plus(fault.skew());
                    break;
                case MALFORMED:
                    if (++counters[i] % fault.every() == 0) {
                        hostile = fault.hostile();
                    }
                    break;
                default:
                    throw new IllegalStateException("unhandled fault " + fault.type());
            }
        }
        if (hostile != null) {
            carried = List.of(m);
        }
        ready.addLast(new Emission(m.offset().toMillis(), carried, copies, clockUnset, skew, hostile));
    }

    private void hold(int index, Fault fault, Measurement m) {
        Map<String, List<Measurement>> held = offline.get(index);
        if (held == null) {
            held = new LinkedHashMap<>();
            offline.put(index, held);
            long due = Math.min(fault.to().toMillis(), Math.max(endMillis, m.offset().toMillis()));
            flushes.add(new Flush(due, index));
        }
        held.computeIfAbsent(m.deviceId(), k -> new ArrayList<>()).add(m);
    }

    private void release(Flush flush) {
        Map<String, List<Measurement>> held = offline.remove(flush.faultIndex);
        if (held == null) {
            return;
        }
        for (List<Measurement> batch : held.values()) {
            for (int from = 0; from < batch.size(); from += MAX_BURST) {
                List<Measurement> chunk = batch.subList(from, Math.min(batch.size(), from + MAX_BURST));
                ready.addLast(new Emission(flush.dueMillis, chunk, 1, false, Duration.ZERO, null));
            }
        }
    }

    private record Flush(long dueMillis, int faultIndex) implements Comparable<Flush> {
        @Override
        public int compareTo(Flush other) {
            int byTime = Long.compare(dueMillis, other.dueMillis);
            return byTime != 0 ? byTime : Integer.compare(faultIndex, other.faultIndex);
        }
    }
}
