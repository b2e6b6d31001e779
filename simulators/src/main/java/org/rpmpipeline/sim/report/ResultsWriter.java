package org.rpmpipeline.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.sim.load.ProgressLine;
import org.rpmpipeline.sim.load.VerifyReport;

/**
 * Writes a run's results: {@code results.json} (everything), {@code results.csv} (one summary row, with a header,
 * so runs can be appended into a table) and {@code timeline.csv} plus {@code latency.png} (rate and ack p99 over
 * time).
 */
public final class ResultsWriter {
    private ResultsWriter() {
    }

    public static void write(Path dir, RunResult result) {
        try {
            Files.createDirectories(dir);
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("results.json").toFile(), result);
            Files.writeString(dir.resolve("results.csv"), csvHeader() + "\n" + csvRow(result) + "\n");
            StringBuilder timeline = new StringBuilder("elapsed_s,rate_per_s,published,acknowledged,failed,"
                    + "in_flight,ack_p99_ms\n");
            for (ProgressLine.Sample s : result.timeline()) {
                timeline.append(String.format(Locale.ROOT, "%.1f,%.1f,%d,%d,%d,%d,%.2f%n", s.elapsedSeconds(),
                        s.rate(), s.published(), s.acknowledged(), s.failed(), s.inFlight(), s.ackP99Ms()));
            }
            Files.writeString(dir.resolve("timeline.csv"), timeline);
            chart(result.timeline(), dir.resolve("latency.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }

    public static String csvHeader() {
        return "scenario,run,patients,devices,rate,wall_s,published,acknowledged,failed,ack_p50_ms,ack_p99_ms,"
                + "delivered,lost,duplicates,rejected_expected,reading_p50_ms,reading_p99_ms,reading_p999_ms,"
                + "finding_p50_ms,finding_p99_ms,finding_p999_ms,notification_p50_ms,notification_p99_ms,"
                + "notification_p999_ms,peak_heap_mb";
    }

    public static String csvRow(RunResult r) {
        VerifyReport v = r.verify();
        VerifyReport.Latency none = new VerifyReport.Latency(0, 0, 0, 0, 0);
        VerifyReport.Latency reading = v == null ? none : v.publishToReading();
        VerifyReport.Latency finding = v == null ? none : v.publishToFinding();
        VerifyReport.Latency notification = v == null ? none : v.publishToNotification();
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%.0f,%.1f,%d,%d,%d,%d,%d,%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d",
                r.scenario(), r.runId(), r.patients(), r.devices(), r.rate(), r.wallSeconds(),
                r.stats().published(), r.stats().acknowledged(), r.stats().failed(), r.ackLatencyMs().p50(),
                r.ackLatencyMs().p99(), v == null ? "" : v.delivered(), v == null ? "" : v.lost(),
                v == null ? "" : v.duplicateReadings(), v == null ? "" : v.rejectedExpected(), reading.p50(),
                reading.p99(), reading.p999(), finding.p50(), finding.p99(), finding.p999(), notification.p50(),
                notification.p99(), notification.p999(), r.peakHeapMb());
    }

    /** A line chart of the message rate (blue) and each second's ack p99 (red) over time, each on its own scale. */
    static void chart(List<ProgressLine.Sample> samples, Path file) throws IOException {
        int w = 900;
        int h = 400;
        int pad = 50;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.GRAY);
            g.drawRect(pad, pad, w - 2 * pad, h - 2 * pad);
            double maxT = samples.stream().mapToDouble(ProgressLine.Sample::elapsedSeconds).max().orElse(1);
            double maxRate = Math.max(1, samples.stream().mapToDouble(ProgressLine.Sample::rate).max().orElse(1));
            double maxP99 = Math.max(1, samples.stream().mapToDouble(ProgressLine.Sample::ackP99Ms).max()
                    .orElse(1));
            g.setColor(Color.BLACK);
            g.drawString("messages/s (blue, max " + Math.round(maxRate) + ") and ack p99 ms (red, max "
                    + String.format(Locale.ROOT, "%.1f", maxP99) + ") over " + Math.round(maxT) + " s", pad, pad - 15);
            g.setStroke(new BasicStroke(2f));
            plot(g, samples, maxT, maxRate, pad, w, h, Color.BLUE, true);
            plot(g, samples, maxT, maxP99, pad, w, h, Color.RED, false);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void plot(Graphics2D g, List<ProgressLine.Sample> samples, double maxT, double maxY, int pad,
            int w, int h, Color color, boolean rate) {
        g.setColor(color);
        int px = -1;
        int py = -1;
        for (ProgressLine.Sample s : samples) {
            double y = rate ? s.rate() : s.ackP99Ms();
            int x = pad + (int) ((w - 2 * pad) * s.elapsedSeconds() / Math.max(1e-9, maxT));
            int yy = h - pad - (int) ((h - 2 * pad) * y / maxY);
            if (px >= 0) {
                g.drawLine(px, py, x, yy);
            }
            px = x;
            py = yy;
        }
    }
}
