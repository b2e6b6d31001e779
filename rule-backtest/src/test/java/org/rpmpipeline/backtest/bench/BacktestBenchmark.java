package org.rpmpipeline.backtest.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.rpmpipeline.backtest.Backtest;
import org.rpmpipeline.backtest.BacktestConfig;
import org.rpmpipeline.backtest.BacktestRequest;
import org.rpmpipeline.backtest.BundledRules;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.backtest.report.TerminalReport;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.history.HistoryReadings;
import org.rpmpipeline.sim.history.HistoryWriter;
import org.rpmpipeline.sim.scenario.Cohort;
import org.rpmpipeline.sim.scenario.Scenario;
import org.rpmpipeline.sim.scenario.ScenarioOptions;
import org.rpmpipeline.sim.scenario.Scenarios;

/**
 * Replay speed of a backtest: a simulated cohort's history (realistic cadences) is published straight to
 * {@code rpm.readings} on an embedded broker, then backtested, the bundled rules against a candidate with a lower
 * heart-rate threshold, over {@code days} days plus one day of warm-up. Not a test: run with
 * {@code bench/backtest/run.sh [patients] [days] [mix]}; prints a Markdown table.
 */
public final class BacktestBenchmark {
    private BacktestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String mix = args.length > 2 ? args[2] : "deteriorating:0.05,hf:0.15,diabetes:0.15,hypertension:0.15";
        Path work = Files.createTempDirectory("rpm-backtest-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            keepForever(kafka);
            Duration history = Duration.ofDays(days + 1L);
            Scenario scenario = Scenarios.named(Scenarios.COHORT, new ScenarioOptions(42, history, patients,
                    Cohort.parseMix(mix), Cadence.REALISTIC, 0));
            Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            Instant start = end.minus(history).minus(HistoryReadings.RELAY_DELAY);
            HistoryWriter.Result written;
            try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, "20",
                    ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024)),
                    Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer())) {
                written = HistoryWriter.write(scenario, history, start, producer);
            }
            Path candidate = work.resolve("candidate.yaml");
            Files.writeString(candidate, lowerHeartRateThreshold());
            BacktestConfig config = BacktestConfig.from(Settings.fromEnvironment().with(Map.of(
                    "rpm.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    BacktestConfig.STATE_DIR, work.resolve("state").toString())));
            Window window = new Window(end.minus(Duration.ofDays(days)), end, Duration.ofDays(1));
            BacktestRequest request = new BacktestRequest(RulesFile.load("--rules", candidate), RulesFile.bundled(),
                    window, Optional.empty(), work.resolve("report"));
            long cpuStart = processCpuNanos();
            Backtest.Completed done = (Backtest.Completed) new Backtest(config).run(request);
            double cpuMicros = (processCpuNanos() - cpuStart) / 1e3 / done.readings();

            System.err.print(TerminalReport.render(done.report()));
            System.err.println("report: " + done.html());
            System.out.printf(Locale.ROOT, "%n| measure | value |%n|---|---|%n");
            System.out.printf(Locale.ROOT, "| history | %d patients (%s), %d + 1 days, realistic cadences |%n",
                    patients, mix, days);
            System.out.printf(Locale.ROOT, "| readings published | %d (%.0f readings/s straight to Kafka) |%n",
                    written.readings(), written.readingsPerSecond());
            System.out.printf(Locale.ROOT, "| readings replayed (window + warm-up) | %d + %d |%n",
                    done.report().input().readings(), done.report().input().warmUpReadings());
            System.out.printf(Locale.ROOT, "| backtest wall time (%d threads) | %.1f s |%n", config.threads(),
                    done.elapsed().toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "| backtest rate, both rule sets | %.0f readings/s |%n",
                    done.readingsPerSecond());
            System.out.printf(Locale.ROOT, "| JVM CPU per reading replayed (both rule sets) | %.1f µs |%n",
                    cpuMicros);
            System.out.printf(Locale.ROOT, "| alerts baseline / candidate | %d / %d |%n",
                    done.report().totals().baseline().alerts(), done.report().totals().candidate().alerts());
        }
    }

    /** The bundled rules with heart-rate-high's moderate band at 100 /min instead of 111. */
    private static String lowerHeartRateThreshold() {
        return BundledRules.with("operator: \">=\"\n        value: 111", "operator: \">=\"\n        value: 100");
    }

    private static void keepForever(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.READINGS.name()),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
