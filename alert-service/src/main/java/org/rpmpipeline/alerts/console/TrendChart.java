package org.rpmpipeline.alerts.console;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * One vital's trend as an SVG drawn on the server: a point per reading (its value and time in a tooltip), a line
 * through them, a horizontal line per threshold band in force, and the readings an alert rests on marked. No
 * script draws it, so it scales to any screen, prints, and screen readers get its title and a table of the same
 * readings. Over {@link #MAX_POINTS} readings the chart keeps each time slot's lowest and highest reading (and
 * every evidence reading), so no extreme disappears.
 */
public final class TrendChart {
    static final int MAX_POINTS = 600;
    static final int SLOTS = 240;
    static final int WIDTH = 640;
    static final int HEIGHT = 200;
    private static final int LEFT = 52;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 26;
    private static final int TABLE_ROWS = 200;

    /** A reading drawn as a point. */
    public record Dot(double cx, double cy, String title, boolean evidence) {
        public String x() {
            return fmt(cx);
        }

        public String y() {
            return fmt(cy);
        }
    }

    /** A threshold band drawn as a horizontal line. */
    public record Line(double y, String label, String severity, boolean personal) {
        public String yText() {
            return fmt(y);
        }

        public String labelY() {
            return fmt(y - 3);
        }
    }

    /** An axis label. */
    public record Tick(double position, String label, String anchor) {
        public String pos() {
            return fmt(position);
        }
    }

    /** A reading in the chart's table. */
    public record Row(String time, String value, boolean evidence) {
    }

    /**
     * A drawn chart.
     *
     * @param count readings in the range
     * @param drawn readings drawn (fewer than {@code count} when thinned)
     */
    public record Chart(String id, String title, String unit, String path, List<Dot> dots, List<Line> lines,
            List<Tick> yTicks, List<Tick> xTicks, int count, int drawn, int evidenceCount, List<Row> rows,
            String description) {
        public int width() {
            return WIDTH;
        }

        public int height() {
            return HEIGHT;
        }

        public String viewBox() {
            return "0 0 " + WIDTH + " " + HEIGHT;
        }

        public String plotLeft() {
            return fmt(LEFT);
        }

        public String plotRight() {
            return fmt(WIDTH - RIGHT);
        }

        public String plotBottom() {
            return fmt(HEIGHT - BOTTOM);
        }

        public String plotTop() {
            return fmt(TOP);
        }

        public boolean thinned() {
            return drawn < count;
        }

        public boolean tableCut() {
            return rows.size() < count;
        }
    }

    private TrendChart() {
    }

    /**
     * Draws {@code points} of one vital over {@code [from, to]}.
     *
     * @param evidence measurement times of this vital's evidence readings (marked)
     */
    public static Chart draw(VitalType vital, List<VitalHistory.Point> points, Instant from, Instant to,
            List<BandOverride> bands, Set<String> personalBands, Set<Instant> evidence, ZoneId zone) {
        String id = "chart-" + vital.code();
        String unit = Vitals.unit(vital);
        List<VitalHistory.Point> sorted = points.stream().sorted(Comparator.comparing(VitalHistory.Point::at)).toList();
        List<VitalHistory.Point> drawn = thin(sorted, from, to, evidence);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (VitalHistory.Point p : sorted) {
            min = Math.min(min, p.value().doubleValue());
            max = Math.max(max, p.value().doubleValue());
        }
        for (BandOverride band : bands) {
            min = Math.min(min, band.value().doubleValue());
            max = Math.max(max, band.value().doubleValue());
        }
        if (min == max) {
            min -= 1;
            max += 1;
        }
        double pad = (max - min) * 0.08;
        double lo = min - pad;
        double hi = max + pad;
        Scale x = new Scale(from.toEpochMilli(), to.toEpochMilli(), LEFT, WIDTH - RIGHT);
        Scale y = new Scale(lo, hi, HEIGHT - BOTTOM, TOP);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
        List<Dot> dots = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        int evidenceCount = 0;
        for (VitalHistory.Point p : drawn) {
            double cx = x.at(p.at().toEpochMilli());
            double cy = y.at(p.value().doubleValue());
            boolean isEvidence = evidence.contains(p.at());
            if (isEvidence) {
                evidenceCount++;
            }
            dots.add(new Dot(cx, cy, Vitals.reading(vital, p.value()) + " at " + time.format(p.at())
                    + (isEvidence ? " (alert evidence)" : ""), isEvidence));
            path.append(path.length() == 0 ? "M" : " L").append(fmt(cx)).append(' ').append(fmt(cy));
        }
        List<Line> lines = new ArrayList<>();
        for (BandOverride band : bands) {
            boolean personal = personalBands.contains(band.severity().code() + band.operator());
            lines.add(new Line(y.at(band.value().doubleValue()), band.severity().code() + " " + band.operator() + " "
                    + plain(band.value()) + (personal ? " (personal)" : ""), band.severity().code(), personal));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            double value = lo + (hi - lo) * i / 4;
            yTicks.add(new Tick(y.at(value), plain(BigDecimal.valueOf(value).setScale(hi - lo < 10 ? 1 : 0,
                    java.math.RoundingMode.HALF_UP)), "end"));
        }
        Duration span = Duration.between(from, to);
        DateTimeFormatter tick = DateTimeFormatter.ofPattern(span.toHours() <= 48 ? "HH:mm" : "MM-dd", Locale.ROOT)
                .withZone(zone);
        List<Tick> xTicks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            Instant at = from.plusMillis(span.toMillis() * i / 4);
            xTicks.add(new Tick(x.at(at.toEpochMilli()), tick.format(at), i == 0 ? "start" : i == 4 ? "end"
                    : "middle"));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = sorted.size() - 1; i >= 0 && rows.size() < TABLE_ROWS; i--) {
            VitalHistory.Point p = sorted.get(i);
            rows.add(new Row(time.format(p.at()), plain(p.value()) + (unit.isEmpty() ? "" : " " + unit),
                    evidence.contains(p.at())));
        }
        String description = sorted.isEmpty() ? "no readings"
                : sorted.size() + " readings from " + plain(BigDecimal.valueOf(min)) + " to "
                        + plain(BigDecimal.valueOf(max)) + (unit.isEmpty() ? "" : " " + unit) + ", latest "
                        + plain(sorted.get(sorted.size() - 1).value()) + (evidenceCount > 0 ? ", " + evidenceCount
                        + " marked as alert evidence" : "");
        return new Chart(id, Vitals.label(vital), unit, path.toString(), dots, lines, yTicks, xTicks, sorted.size(),
                drawn.size(), evidenceCount, rows, description);
    }

    /** At most about {@link #MAX_POINTS}: each slot's lowest and highest reading, and every evidence reading. */
    static List<VitalHistory.Point> thin(List<VitalHistory.Point> sorted, Instant from, Instant to,
            Set<Instant> evidence) {
        if (sorted.size() <= MAX_POINTS) {
            return sorted;
        }
        long start = from.toEpochMilli();
        double slot = Math.max(1, (to.toEpochMilli() - start) / (double) SLOTS);
        List<VitalHistory.Point> out = new ArrayList<>();
        VitalHistory.Point low = null;
        VitalHistory.Point high = null;
        long current = Long.MIN_VALUE;
        for (VitalHistory.Point p : sorted) {
            long s = (long) ((p.at().toEpochMilli() - start) / slot);
            if (s != current) {
                flush(out, low, high);
                low = null;
                high = null;
                current = s;
            }
            if (evidence.contains(p.at())) {
                out.add(p);
                continue;
            }
            if (low == null || p.value().compareTo(low.value()) < 0) {
                low = p;
            }
            if (high == null || p.value().compareTo(high.value()) > 0) {
                high = p;
            }
        }
        flush(out, low, high);
        out.sort(Comparator.comparing(VitalHistory.Point::at));
        return out;
    }

    private static void flush(List<VitalHistory.Point> out, VitalHistory.Point low, VitalHistory.Point high) {
        if (low != null) {
            out.add(low);
        }
        if (high != null && high != low) {
            out.add(high);
        }
    }

    private record Scale(double d0, double d1, double r0, double r1) {
        double at(double value) {
            if (d1 == d0) {
                return (r0 + r1) / 2;
            }
            return r0 + (value - d0) * (r1 - r0) / (d1 - d0);
        }
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
