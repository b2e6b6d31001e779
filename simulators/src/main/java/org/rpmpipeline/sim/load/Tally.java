package org.rpmpipeline.sim.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.sim.Publication;
import org.rpmpipeline.sim.SimulatorListener;

/**
 * Matches what a run published with what arrived downstream, by correlation id: which messages were delivered
 * as readings, rejected, lost or duplicated, and how long publish to reading, to finding and to notification took.
 * Pure bookkeeping (no Kafka types), fed by {@link DownstreamVerifier} or by tests; thread-safe.
 */
public final class Tally implements SimulatorListener {
    /** Latencies are recorded in milliseconds, up to an hour, 3 significant digits. */
    private static final long MAX_LATENCY_MS = 3_600_000;

    private final String runPrefix;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, String> correlationByReading = new ConcurrentHashMap<>();
    private final Set<String> readingIds = ConcurrentHashMap.newKeySet();
    private final List<FindingSeen> findings = new ArrayList<>();
    private final Histogram toReading = new Histogram(MAX_LATENCY_MS, 3);
    private final Histogram toFinding = new Histogram(MAX_LATENCY_MS, 3);
    private final Histogram toNotification = new Histogram(MAX_LATENCY_MS, 3);
    private long duplicateReadings;
    private long foreignReadings;
    private long notifications;
    private long unmatchedNotifications;
    private long duplicateNotifications;
    private long arrivals;
    private final Set<String> notificationIds = new HashSet<>();

    /** @param runId only correlation ids of this run ({@code <runId>.}) are counted */
    public Tally(String runId) {
        this.runPrefix = runId + ".";
    }

    @Override
    public synchronized void published(Publication publication) {
        sent.compute(publication.correlationId(), (id, s) -> {
            if (s == null) {
                return new Sent(System.currentTimeMillis(), publication.readings(), publication.hostile());
            }
            s.copies++;
            return s;
        });
    }

    @Override
    public synchronized void failed(Publication publication, Throwable cause) {
        Sent s = sent.get(publication.correlationId());
        if (s != null) {
            s.failed++;
        }
    }

    /** A reading arrived on {@code rpm.readings} at {@code timestampMs} (the Kafka record time). */
    public synchronized void reading(Reading reading, String headerCorrelationId, long timestampMs) {
        arrivals++;
        String correlationId = reading.correlationId() != null ? reading.correlationId() : headerCorrelationId;
        Sent s = correlationId == null ? null : sent.get(correlationId);
        if (s == null) {
            if (correlationId != null && correlationId.startsWith(runPrefix)) {
                foreignReadings++;
            }
            return;
        }
        if (!readingIds.add(reading.readingId())) {
            duplicateReadings++;
        }
        correlationByReading.put(reading.readingId(), correlationId);
        s.readingsSeen++;
        record(toReading, timestampMs - s.publishedAtMs);
    }

    /** A message of this run arrived on {@code rpm.rejected}. */
    public synchronized void rejected(String correlationId) {
        arrivals++;
        Sent s = correlationId == null ? null : sent.get(correlationId);
        if (s != null) {
            s.rejected++;
        }
    }

    /** A finding arrived on {@code rpm.findings}; matched at report time through its newest evidence. */
    public synchronized void finding(Finding finding, String headerCorrelationId, long timestampMs) {
        arrivals++;
        findings.add(new FindingSeen(finding, headerCorrelationId, timestampMs));
    }

    /** A notification arrived on {@code rpm.notifications}. */
    public synchronized void notification(String notificationId, String headerCorrelationId, long timestampMs) {
        arrivals++;
        notifications++;
        if (notificationId != null && !notificationIds.add(notificationId)) {
            duplicateNotifications++;
        }
        Sent s = headerCorrelationId == null ? null : sent.get(headerCorrelationId);
        if (s == null) {
            unmatchedNotifications++;
            return;
        }
        record(toNotification, timestampMs - s.publishedAtMs);
    }

    /** True once every acknowledged, non-hostile message has all its readings or a rejection. */
    public synchronized boolean settled() {
        for (Sent s : sent.values()) {
            if (s.failed < s.copies && s.outstanding()) {
                return false;
            }
        }
        return true;
    }

    /** Number of readings and rejections seen so far (to notice progress). */
    public synchronized long seen() {
        long n = 0;
        for (Sent s : sent.values()) {
            n += s.readingsSeen + s.rejected;
        }
        return n;
    }

    /** Every record that arrived downstream so far (readings, rejections, findings, notifications, any run). */
    public synchronized long arrivals() {
        return arrivals;
    }

    public synchronized VerifyReport report() {
        long delivered = 0;
        long partial = 0;
        long lost = 0;
        long rejectedExpected = 0;
        long rejectedUnexpected = 0;
        long hostileAccepted = 0;
        long notSent = 0;
        List<String> lostIds = new ArrayList<>();
        for (Map.Entry<String, Sent> e : sent.entrySet()) {
            Sent s = e.getValue();
            if (s.failed >= s.copies) {
                notSent++;
                continue;
            }
            if (s.hostile) {
                if (s.readingsSeen > 0) {
                    hostileAccepted++;
                } else if (s.rejected > 0) {
                    rejectedExpected++;
                } else {
                    lost++;
                    lostIds.add(e.getKey());
                }
            } else if (s.rejected > 0) {
                rejectedUnexpected++;
            } else if (s.readingsSeen >= s.expectedReadings) {
                delivered++;
            } else if (s.readingsSeen > 0) {
                partial++;
            } else {
                lost++;
                lostIds.add(e.getKey());
            }
        }
        Histogram findingLatency = toFinding.copy();
        long matchedFindings = 0;
        for (FindingSeen f : findings) {
            String correlationId = f.headerCorrelationId;
            if (correlationId == null || !sent.containsKey(correlationId)) {
                correlationId = f.finding.evidence().stream().max(Comparator.comparing(Evidence::measuredAt))
                        .map(ev -> correlationByReading.get(ev.readingId())).orElse(null);
            }
            Sent s = correlationId == null ? null : sent.get(correlationId);
            if (s != null) {
                matchedFindings++;
                // the finding's Kafka timestamp is the reading's event time; when it was found is detectedAt
                record(findingLatency, f.finding.detectedAt().toEpochMilli() - s.publishedAtMs);
            }
        }
        lostIds.sort(null);
        return new VerifyReport(sent.size(), delivered, partial, lost, notSent, rejectedExpected,
                rejectedUnexpected, hostileAccepted, duplicateReadings, foreignReadings, findings.size(),
                matchedFindings, notifications, unmatchedNotifications, duplicateNotifications,
                VerifyReport.Latency.of(toReading), VerifyReport.Latency.of(findingLatency),
                VerifyReport.Latency.of(toNotification), List.copyOf(lostIds.subList(0, Math.min(50,
                        lostIds.size()))));
    }

    private static void record(Histogram histogram, long latencyMs) {
        histogram.recordValue(Math.max(0, Math.min(MAX_LATENCY_MS, latencyMs)));
    }

    private static final class Sent {
        final long publishedAtMs;
        final int expectedReadings;
        final boolean hostile;
        int copies = 1;
        int failed;
        int readingsSeen;
        int rejected;

        Sent(long publishedAtMs, int expectedReadings, boolean hostile) {
            this.publishedAtMs = publishedAtMs;
            this.expectedReadings = expectedReadings;
            this.hostile = hostile;
        }

        boolean outstanding() {
            return rejected == 0 && (hostile ? readingsSeen == 0 : readingsSeen < expectedReadings);
        }
    }

    private record FindingSeen(Finding finding, String headerCorrelationId, long timestampMs) {
    }
}
