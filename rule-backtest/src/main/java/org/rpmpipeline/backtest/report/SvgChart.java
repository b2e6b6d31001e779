package org.rpmpipeline.backtest.report;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG bar charts, baseline and candidate side by side per category, with a {@code <title>} on each
 * bar for its exact value. No script, no external resource.
 */
final class SvgChart {
    static final String BASELINE_COLOUR = "#9aa5b1";
    static final String CANDIDATE_COLOUR = "#1f6fb4";
    private static final int WIDTH = 720;
    private static final int HEIGHT = 190;
    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 26;
    private static final int BOTTOM = 34;

    private SvgChart() {
    }

    /**
     * @param title the chart's accessible name
     * @param labels one per category, shown (thinned out) under the axis
     * @param shown which labels to print under the axis (the others only in the bars' titles)
     */
    static String bars(String title, List<String> labels, List<Long> baseline, List<Long> candidate,
            List<Integer> shown, String unit) {
        int n = labels.size();
        long max = 1;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.max(baseline.get(i), candidate.get(i)));
        }
        long top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, n);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT,
                Html.escape(title)));
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        for (int g = 0; g <= 2; g++) {
            long value = top * g / 2;
            double y = TOP + plotHeight - plotHeight * g / 2.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
                    + "fill=\"#555\">%d</text>", LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, value));
        }
        for (int i = 0; i < n; i++) {
            double x = LEFT + slot * i;
            bar(svg, x + slot * 0.1, slot * 0.4, baseline.get(i), top, plotHeight, BASELINE_COLOUR,
                    labels.get(i) + ": baseline " + baseline.get(i) + " " + unit);
            bar(svg, x + slot * 0.5, slot * 0.4, candidate.get(i), top, plotHeight, CANDIDATE_COLOUR,
                    labels.get(i) + ": candidate " + candidate.get(i) + " " + unit);
        }
        for (int i : shown) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                    + "text-anchor=\"middle\" fill=\"#555\">%s</text>", LEFT + slot * (i + 0.5), HEIGHT - BOTTOM + 16,
                    Html.escape(labels.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>",
                LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight));
        legend(svg, WIDTH - RIGHT - 190, 8);
        return svg.append("</svg>").toString();
    }

    private static void bar(StringBuilder svg, double x, double width, long value, long top, double plotHeight,
            String colour, String title) {
        double height = plotHeight * value / top;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "fill=\"%s\"><title>%s</title></rect>", x, TOP + plotHeight - height, Math.max(0.5, width),
                height, colour, Html.escape(title)));
    }

    private static void legend(StringBuilder svg, int x, int y) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\">baseline</text>", x, y, BASELINE_COLOUR, x + 14, y + 9));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\">candidate</text>", x + 80, y, CANDIDATE_COLOUR, x + 94,
                y + 9));
    }

    /** The smallest of 1, 2, 5 times a power of ten, or an even number up to 10, at or above {@code value}. */
    static long niceCeiling(long value) {
        if (value <= 2) {
            return 2;
        }
        if (value <= 10) {
            return value % 2 == 0 ? value : value + 1;
        }
        long power = 1;
        while (power * 10 < value) {
            power *= 10;
        }
        for (long step : new long[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
