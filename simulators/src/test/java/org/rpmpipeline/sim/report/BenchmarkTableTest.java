package org.rpmpipeline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.sim.SimulatorStats;
import org.rpmpipeline.sim.load.ProgressLine;
import org.rpmpipeline.sim.load.VerifyReport;

class BenchmarkTableTest {

    @Test
    void update_replacesOnlyTheSectionBetweenTheMarkers(@TempDir Path dir) throws Exception {
        ResultsWriter.write(dir.resolve("run/sustained-2000"), result(2000, 120_000, 0));
        ResultsWriter.write(dir.resolve("run/ramp-04000"), result(4000, 80_000, 3));
        Path md = Files.writeString(dir.resolve("B.md"), "# Title\nintro\n" + BenchmarkTable.BEGIN
                + "\nold table\n" + BenchmarkTable.END + "\nafter\n");

        BenchmarkTable.update(dir.resolve("run"), md, "900");

        String text = Files.readString(md);
        assertThat(text).startsWith("# Title\nintro\n").endsWith("\nafter\n").doesNotContain("old table")
                .contains("stack peak RSS: 900 MiB")
                .contains("| ramp-04000 | 10000 | 4000 |")
                .contains("| sustained-2000 | 10000 | 2000 |")
                .contains("| 3 |")
                .contains("5 / 40 / 90");
        assertThat(text.indexOf("ramp-04000")).isLessThan(text.indexOf("sustained-2000"));
    }

    @Test
    void update_withoutMarkers_appendsTheSection(@TempDir Path dir) throws Exception {
        ResultsWriter.write(dir.resolve("run/a"), result(100, 1000, 0));
        Path md = Files.writeString(dir.resolve("B.md"), "# Benchmarks\n");

        BenchmarkTable.update(dir.resolve("run"), md, "n/a");

        assertThat(Files.readString(md)).startsWith("# Benchmarks\n" + BenchmarkTable.BEGIN)
                .contains("| a | 10000 | 100 |").endsWith(BenchmarkTable.END + "\n");
        assertThat(dir.resolve("run/a/latency.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(dir.resolve("run/a/results.csv"))).hasSize(2);
    }

    @Test
    void achievedRate_isOverTheTimePublishingTook_notTheWaitForDownstreamAfterIt(@TempDir Path dir) throws Exception {
        // 120,000 messages, all published 60 s in (the progress samples), the run's wall time 72 s with the wait
        ResultsWriter.write(dir.resolve("run/sustained-2000"), result(2000, 120_000, 0, 72, List.of(
                new ProgressLine.Sample(30, 2000, 60_000, 59_990, 0, 10, 3.5),
                new ProgressLine.Sample(60, 2000, 120_000, 119_990, 0, 10, 3.5),
                new ProgressLine.Sample(61, 0, 120_000, 120_000, 0, 0, 3.5))));
        // no sample counts every message: the wall time it is
        ResultsWriter.write(dir.resolve("run/short"), result(2000, 1000, 0, 4, List.of()));
        Path md = dir.resolve("B.md");

        BenchmarkTable.update(dir.resolve("run"), md, "n/a");

        assertThat(Files.readString(md)).contains("| sustained-2000 | 10000 | 2000 | 2000 | 120000 |")
                .contains("| short | 10000 | 2000 | 250 | 1000 |");
    }

    private static RunResult result(double rate, long published, long lost) {
        return result(rate, published, lost, 60, List.of(new ProgressLine.Sample(1, rate, 10, 10, 0, 0, 3.5),
                new ProgressLine.Sample(2, rate, 20, 20, 0, 0, 4.5)));
    }

    private static RunResult result(double rate, long published, long lost, double wallSeconds,
            List<ProgressLine.Sample> timeline) {
        VerifyReport.Latency latency = new VerifyReport.Latency(published, 5, 40, 90, 120);
        VerifyReport verify = new VerifyReport(published, published - lost, 0, lost, 0, 0, 0, 0, 0, 0, 10, 10, 4,
                0, 0, latency, latency, latency, List.of());
        SimulatorStats stats = new SimulatorStats(published, published, 0, published, 0, Map.of());
        return new RunResult("cohort", "r1", 7, "PT60S", 1, rate, 2500, 10_000, Instant.EPOCH, Instant.EPOCH,
                wallSeconds, true, stats, latency, verify, 200, timeline);
    }
}
