package org.rpmpipeline.sim.report;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rpmpipeline.sim.SimulatorStats;
import org.rpmpipeline.sim.load.VerifyReport;

/** The final table a simulator run prints: one row per patient and a total. */
public final class SummaryTable {
    private static final String ROW = "%-16s %-14s %10s %10s %8s %10s%n";
    private static final int MAX_PATIENT_ROWS = 20;

    private SummaryTable() {
    }

    /** The whole report of a run: the patient table, ack latency and, with verify, the downstream check. */
    public static String render(RunResult result) {
        StringBuilder out = new StringBuilder(render(result.stats()));
        VerifyReport.Latency ack = result.ackLatencyMs();
        out.append(String.format(Locale.ROOT, "publish->PUBACK ms: p50 %d, p99 %d, p99.9 %d, max %d; %.1f s wall, "
                + "peak heap %d MiB%n", ack.p50(), ack.p99(), ack.p999(), ack.max(), result.wallSeconds(),
                result.peakHeapMb()));
        VerifyReport v = result.verify();
        if (v != null) {
            out.append(String.format(Locale.ROOT, "downstream: %d messages, %d delivered, %d partial, %d lost, "
                    + "%d rejected as expected, %d rejected unexpectedly, %d hostile accepted, %d duplicate "
                    + "readings, %d findings, %d notifications (%d duplicate)%n", v.messages(), v.delivered(),
                    v.partial(), v.lost(), v.rejectedExpected(), v.rejectedUnexpected(), v.hostileAccepted(),
                    v.duplicateReadings(), v.findings(), v.notifications(), v.duplicateNotifications()));
            out.append(latency("publish->reading", v.publishToReading()));
            out.append(latency("publish->finding", v.publishToFinding()));
            out.append(latency("publish->notification", v.publishToNotification()));
            if (!v.lostIds().isEmpty()) {
                out.append("lost (first ").append(v.lostIds().size()).append("): ")
                        .append(String.join(", ", v.lostIds())).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static String latency(String name, VerifyReport.Latency l) {
        return String.format(Locale.ROOT, "%-22s ms: n %d, p50 %d, p99 %d, p99.9 %d, max %d%n", name, l.count(),
                l.p50(), l.p99(), l.p999(), l.max());
    }

    /** One row per patient, or per profile when there are more than {@value #MAX_PATIENT_ROWS} patients. */
    public static String render(SimulatorStats stats) {
        StringBuilder out = new StringBuilder();
        if (stats.byPatient().size() <= MAX_PATIENT_ROWS) {
            out.append(String.format(Locale.ROOT, ROW, "patient", "profile", "published", "acked", "failed",
                    "readings"));
            for (Map.Entry<String, SimulatorStats.PatientStats> e : stats.byPatient().entrySet()) {
                SimulatorStats.PatientStats p = e.getValue();
                out.append(String.format(Locale.ROOT, ROW, e.getKey(), p.profile(), p.published(),
                        p.acknowledged(), p.failed(), p.readings()));
            }
        } else {
            out.append(String.format(Locale.ROOT, ROW, "patients", "profile", "published", "acked", "failed",
                    "readings"));
            Map<String, long[]> byProfile = new TreeMap<>();
            for (SimulatorStats.PatientStats p : stats.byPatient().values()) {
                long[] sums = byProfile.computeIfAbsent(p.profile(), k -> new long[5]);
                sums[0]++;
                sums[1] += p.published();
                sums[2] += p.acknowledged();
                sums[3] += p.failed();
                sums[4] += p.readings();
            }
            byProfile.forEach((profile, sums) -> out.append(String.format(Locale.ROOT, ROW, sums[0], profile,
                    sums[1], sums[2], sums[3], sums[4])));
        }
        out.append(String.format(Locale.ROOT, ROW, "total", "", stats.published(), stats.acknowledged(),
                stats.failed(), stats.readings()));
        return out.toString();
    }
}
