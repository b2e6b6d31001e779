package org.rpmpipeline.sim.load;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.rpmpipeline.sim.Simulator;
import org.rpmpipeline.sim.SimulatorConfig;
import org.rpmpipeline.sim.SimulatorStats;
import org.rpmpipeline.sim.mqtt.HubLink;
import org.rpmpipeline.sim.report.ResultsWriter;
import org.rpmpipeline.sim.report.RunResult;
import org.rpmpipeline.sim.scenario.Scenario;
import org.tinylog.Logger;

/**
 * One measured run, as {@code ./rpm simulate} does it: optional downstream verifier started first, the simulator,
 * sampling (live progress if configured), then the verification and the results files.
 */
public final class LoadRun {
    private final SimulatorConfig config;
    private final PrintWriter out;
    private Scenario scenario;
    private HubLink link;
    private Clock clock = Clock.systemUTC();

    public LoadRun(SimulatorConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** Runs this scenario instead of the configured one. */
    public LoadRun scenario(Scenario value) {
        this.scenario = value;
        return this;
    }

    /** Publishes through this link instead of HiveMQ connections. */
    public LoadRun link(HubLink value) {
        this.link = value;
        return this;
    }

    public LoadRun clock(Clock value) {
        this.clock = value;
        return this;
    }

    /**
     * Runs to the end and returns what happened. If the calling thread is interrupted while the run is going,
     * publishing stops, the result so far is returned ({@code completed} false) and the interrupt flag is set again.
     */
    public RunResult run() throws InterruptedException {
        String runId = Simulator.newRunId();
        Tally tally = config.verify().enabled() ? new Tally(runId) : null;
        Simulator.Builder builder = Simulator.builder(config).runId(runId).clock(clock);
        if (scenario != null) {
            builder.scenario(scenario);
        }
        if (link != null) {
            builder.link(link);
        }
        if (tally != null) {
            builder.listener(tally);
        }
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Simulator simulator = builder.build();
        DownstreamVerifier verifier = null;
        try {
            if (tally != null) {
                verifier = new DownstreamVerifier(config.verify(), tally);
                verifier.start();
            }
            Duration interval = config.progress().isZero() ? Duration.ofSeconds(1) : config.progress();
            ProgressLine progress = new ProgressLine(simulator, config.progress().isZero() ? null : out, interval);
            try {
                simulator.start();
                progress.start();
                out.printf("simulating %s against %s for %s at speed %s (run %s)%n", simulator.scenario(),
                        config.mqttUrl(), config.duration(), config.speed(), runId);
                out.flush();
                Duration budget = Duration.ofMillis((long) (config.duration().toMillis() / config.speed()))
                        .plusSeconds(60);
                boolean completed;
                boolean interrupted = false;
                try {
                    completed = simulator.awaitCompletion(budget);
                } catch (InterruptedException e) {
                    // Ctrl-C: stop publishing and report what happened so far.
                    interrupted = true;
                    completed = false;
                    simulator.close();
                }
                progress.close();
                VerifyReport report = null;
                if (verifier != null) {
                    SimulatorConfig.Verify verify = config.verify();
                    if (!interrupted && !verifier.awaitSettled(verify.grace(), verify.settle(), verify.timeout())) {
                        Logger.warn("not every message was accounted for within the verify grace [grace: {}]",
                                verify.grace());
                    }
                    report = tally.report();
                }
                SimulatorStats stats = simulator.stats();
                RunResult result = new RunResult(simulator.scenario().name(), runId, config.seed(),
                        config.duration().toString(), config.speed(), config.rate(),
                        simulator.scenario().patients().size(), simulator.scenario().deviceCount(), started,
                        clock.instant(), (System.nanoTime() - startNanos) / 1e9, completed, stats,
                        RunResult.millis(simulator.ackLatencyMicros()), report, progress.peakHeapMb(),
                        progress.samples());
                if (config.resultsDir() != null) {
                    ResultsWriter.write(config.resultsDir(), result);
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return result;
            } finally {
                progress.close();
            }
        } finally {
            simulator.close();
            if (verifier != null) {
                verifier.close();
            }
        }
    }
}
