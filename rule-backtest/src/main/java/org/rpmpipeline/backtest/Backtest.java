package org.rpmpipeline.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.backtest.outcome.AlertSimulation;
import org.rpmpipeline.backtest.outcome.SimulatedAlert;
import org.rpmpipeline.backtest.outcome.Tally;
import org.rpmpipeline.backtest.replay.LanePlan;
import org.rpmpipeline.backtest.replay.ReadingsTopic;
import org.rpmpipeline.backtest.replay.Replay;
import org.rpmpipeline.backtest.replay.SideTopics;
import org.rpmpipeline.backtest.report.HtmlReport;
import org.rpmpipeline.backtest.report.JsonReport;
import org.rpmpipeline.backtest.report.Report;
import org.rpmpipeline.backtest.report.ReportBuilder;
import org.rpmpipeline.contract.alert.AlertTimer;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * One backtest: checks that {@code rpm.readings} still holds the window, replays it through the baseline and the
 * candidate rule sets side by side ({@link Replay}), applies the alert service's lifecycle and notification policy
 * to each ({@link AlertSimulation}), and writes the report. Reads Kafka only.
 */
public final class Backtest {
    /** The JSON report's file name in the output directory. */
    public static final String JSON_FILE = "backtest.json";
    /** The HTML report's file name in the output directory. */
    public static final String HTML_FILE = "backtest.html";

    private final BacktestConfig config;

    public Backtest(BacktestConfig config) {
        this.config = config;
    }

    /** How a backtest ended. */
    public sealed interface Outcome permits Completed, Refused {
    }

    /**
     * The report was written.
     *
     * @param readings readings replayed, warm-up included
     * @param elapsed wall time from the coverage check to the report
     */
    public record Completed(Report report, Path json, Path html, long readings, Duration elapsed)
            implements Outcome {
        /** Readings (window and warm-up) replayed per second of wall time, through both rule sets. */
        public double readingsPerSecond() {
            return readings / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    /** The window cannot be replayed; {@code reason} says why and what can be. */
    public record Refused(String reason) implements Outcome {
    }

    public Outcome run(BacktestRequest request) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Optional<String> refusal = refusal(request);
        if (refusal.isPresent()) {
            return new Refused(refusal.get());
        }
        Predicate<String> patients = request.patients().<Predicate<String>>map(set -> set::contains)
                .orElse(p -> true);
        List<AlertTimer> snoozes;
        try (Consumer<byte[], byte[]> timers = consumer()) {
            snoozes = snoozes(timers, patients);
        }
        List<AlertSimulation[]> simulations = new ArrayList<>();
        Replay replay = new Replay(config.topology(), config.tick(), config.stateDir(), config.kafkaTimeout(),
                config.rocksDbMemoryMib() * 1024L * 1024L);
        List<LanePlan.Lane> lanes = LanePlan.plan(request.baseline().rules(), request.candidate().rules(),
                config.shareIdenticalRules());
        Logger.info("backtest started [from: {}, to: {}, warm-up: {}, baseline: {}, candidate: {}, lanes: {}, "
                + "threads: {}]", request.window().from(), request.window().to(), request.window().warmUp(),
                request.baseline().name(), request.candidate().name(), lanes.size(), config.threads());
        Replay.Result result = replay.run(this::consumer, request.window(), patients, lanes, config.threads(), () -> {
            AlertSimulation[] pair = {new AlertSimulation(request.window(), config.careTeams(), snoozes),
                new AlertSimulation(request.window(), config.careTeams(), snoozes)};
            simulations.add(pair);
            return (side, finding) -> pair[side.ordinal()].accept(finding);
        });
        Report.Input input = new Report.Input(result.input().readings(), result.input().warmUpReadings(),
                result.input().patients(), result.input().patientDays(),
                request.patients().map(Set::size).orElse(null), result.input().patientThresholdRecords(),
                result.input().deviceStatusRecords(), snoozes.size(), result.deadLetters());
        Report report = ReportBuilder.build(request.window(), input,
                side(request.baseline(), simulations, LanePlan.Side.BASELINE),
                side(request.candidate(), simulations, LanePlan.Side.CANDIDATE));
        Files.createDirectories(request.outDir());
        Path json = request.outDir().resolve(JSON_FILE);
        Path html = request.outDir().resolve(HTML_FILE);
        JsonReport.write(report, json);
        HtmlReport.write(report, html);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long readings = result.input().readings() + result.input().warmUpReadings();
        Logger.info("backtest finished [readings: {}, seconds: {}]", readings, elapsed.toSeconds());
        return new Completed(report, json, html, readings, elapsed);
    }

    /** One rule set's alerts and counts, over every worker's patients. */
    private static ReportBuilder.Side side(RulesFile rules, List<AlertSimulation[]> simulations, LanePlan.Side side) {
        List<SimulatedAlert> alerts = new ArrayList<>();
        Tally tally = new Tally();
        for (AlertSimulation[] pair : simulations) {
            alerts.addAll(pair[side.ordinal()].alerts());
            tally.add(pair[side.ordinal()].tally());
        }
        return new ReportBuilder.Side(rules, alerts, tally);
    }

    /** Why the window cannot be replayed, if it cannot: no readings topic, or retention deleted its start. */
    private Optional<String> refusal(BacktestRequest request) {
        try (Consumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = ReadingsTopic.partitions(consumer);
            if (partitions.isEmpty()) {
                return Optional.of(Topics.READINGS.name() + " does not exist on " + config.bootstrapServers());
            }
            return ReadingsTopic.refusal(ReadingsTopic.spans(consumer, partitions), request.window().from());
        }
    }

    private Consumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(config.consumerProperties());
    }

    /** The clinicians' snoozes still on {@code rpm.alert-timers}, in the order they were set. */
    private List<AlertTimer> snoozes(Consumer<byte[], byte[]> consumer, Predicate<String> patients) {
        List<AlertTimer> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : SideTopics.read(consumer, Topics.ALERT_TIMERS.name(),
                key -> key.startsWith("snooze/"), config.kafkaTimeout())) {
            try {
                AlertTimer timer = Topics.ALERT_TIMERS.valueSerde().deserializer()
                        .deserialize(Topics.ALERT_TIMERS.name(), r.value());
                if (timer != null && timer.kind() == AlertTimer.Kind.SNOOZE && patients.test(timer.patientId())) {
                    out.add(timer);
                }
            } catch (RuntimeException e) {
                Logger.warn("snooze record skipped, it does not decode [partition: {}, offset: {}]", r.partition(),
                        r.offset());
            }
        }
        out.sort(java.util.Comparator.comparing(AlertTimer::updatedAt).thenComparing(AlertTimer::key));
        return out;
    }
}
