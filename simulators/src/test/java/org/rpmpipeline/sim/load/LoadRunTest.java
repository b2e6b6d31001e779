package org.rpmpipeline.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.sim.SimulatorConfig;
import org.rpmpipeline.sim.mqtt.RecordingHubLink;
import org.rpmpipeline.sim.report.RunResult;

@Timeout(30)
class LoadRunTest {

    @Test
    void run_toTheEnd_writesTheResults(@TempDir Path dir) throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of("rpm.sim.duration", "60s",
                "rpm.sim.speed", "500", "rpm.sim.results-dir", dir.toString())));

        RunResult result = new LoadRun(config, new PrintWriter(new StringWriter())).link(link).run();

        assertThat(result.completed()).isTrue();
        assertThat(result.stats().acknowledged()).isEqualTo(link.sent.size()).isPositive();
        assertThat(result.verify()).isNull();
        assertThat(result.ackLatencyMs().count()).isEqualTo(link.sent.size());
        assertThat(dir.resolve("results.json")).isNotEmptyFile();
        assertThat(dir.resolve("timeline.csv")).isNotEmptyFile();
    }

    @Test
    void run_interrupted_returnsWhatHappenedSoFarAndKeepsTheInterrupt() throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of("rpm.sim.duration", "1h")));
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread[] runner = new Thread[1];
        CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> {
            runner[0] = Thread.currentThread();
            try {
                RunResult r = new LoadRun(config, new PrintWriter(new StringWriter())).link(link).run();
                stillInterrupted.set(Thread.interrupted());
                return r;
            } catch (InterruptedException e) {
                throw new IllegalStateException("the run should return, not throw", e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !link.sent.isEmpty());

        runner[0].interrupt();

        RunResult r = result.get();
        assertThat(r.completed()).isFalse();
        assertThat(r.stats().published()).isPositive().isLessThan(100);
        assertThat(stillInterrupted).isTrue();
        assertThat(link.closed).isTrue();
    }
}
