package org.rpmpipeline.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rpmpipeline.contract.json.Json;

/**
 * Regenerates the end-to-end benchmark table in a Markdown file from the {@code results.json} files of a
 * {@code bench/run-all} run: the text between {@code <!-- sim-bench:begin -->} and {@code <!-- sim-bench:end -->}
 * is replaced (the markers are appended if missing). The table is never edited by hand.
 *
 * <p>Usage: {@code BenchmarkTable <results dir> <markdown file> [stack peak RSS MiB]}
 */
public final class BenchmarkTable {
    public static final String BEGIN = "<!-- sim-bench:begin -->";
    public static final String END = "<!-- sim-bench:end -->";

    private BenchmarkTable() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: BenchmarkTable <results dir> <markdown file> [stack peak RSS MiB]");
            System.exit(2);
        }
        update(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : "n/a");
    }

    /** Rewrites the section of {@code markdown} with one row per run found under {@code resultsDir}. */
    public static void update(Path resultsDir, Path markdown, String stackPeakRss) {
        try {
            String table = table(resultsDir, stackPeakRss);
            String text = Files.exists(markdown) ? Files.readString(markdown) : "";
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            String section = BEGIN + "\n" + table + END;
            if (begin >= 0 && end > begin) {
                text = text.substring(0, begin) + section + text.substring(end + END.length());
            } else {
                text = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + section + "\n";
            }
            Files.writeString(markdown, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String table(Path resultsDir, String stackPeakRss) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(resultsDir)) {
            walk.filter(p -> p.getFileName().toString().equals("results.json")).sorted().forEach(files::add);
        }
        StringBuilder out = new StringBuilder();
        out.append("Run `").append(resultsDir.getFileName()).append("`; stack peak RSS: ").append(stackPeakRss)
                .append(" MiB.\n\n");
        out.append("| run | devices | target/s | achieved/s | published | lost | dup. readings | dup. notif. | "
                + "pub→reading p50/p99/p99.9 ms | pub→finding p50/p99/p99.9 ms | pub→notification p50/p99/p99.9 ms "
                + "| sim peak heap MiB |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Path file : files) {
            JsonNode r = Json.mapper().readTree(file.toFile());
            JsonNode v = r.path("verify");
            long published = r.path("stats").path("published").asLong();
            double publishing = publishingSeconds(r, published);
            out.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %d | %s | %s | %s | %s | %s | %s | %d |%n",
                    file.getParent().getFileName(), r.path("devices").asLong(), r.path("rate").asDouble(),
                    published / Math.max(1e-9, publishing), published, text(v, "lost"), text(v, "duplicateReadings"),
                    text(v, "duplicateNotifications"), latency(v.path("publishToReading")),
                    latency(v.path("publishToFinding")), latency(v.path("publishToNotification")),
                    r.path("peakHeapMb").asLong()));
        }
        return out.toString();
    }

    /**
     * How long publishing took: the first progress sample that counts every message (a sample a second, so within
     * a second of the last publish), else the whole run's wall time, which also holds the downstream wait.
     */
    static double publishingSeconds(JsonNode result, long published) {
        if (published > 0) {
            for (JsonNode sample : result.path("timeline")) {
                if (sample.path("published").asLong() >= published) {
                    return sample.path("elapsedSeconds").asDouble();
                }
            }
        }
        return result.path("wallSeconds").asDouble(1);
    }

    private static String text(JsonNode v, String field) {
        return v.isMissingNode() || v.isNull() ? "n/a" : v.path(field).asText();
    }

    private static String latency(JsonNode l) {
        if (l.isMissingNode() || l.isNull() || l.path("count").asLong() == 0) {
            return "n/a";
        }
        return l.path("p50").asLong() + " / " + l.path("p99").asLong() + " / " + l.path("p999").asLong();
    }
}
