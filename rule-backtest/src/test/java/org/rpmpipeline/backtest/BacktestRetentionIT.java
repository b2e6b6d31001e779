package org.rpmpipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.history.HistoryWriter;
import org.rpmpipeline.sim.scenario.Cohort;
import org.rpmpipeline.sim.scenario.ScenarioOptions;
import org.rpmpipeline.sim.scenario.Scenarios;
import picocli.CommandLine;

/**
 * Retention deletes the oldest readings (here by deleting records up to a point, which is what retention does to
 * a log): a window reaching before what is left is refused with how far back each partition still reaches, and a
 * window inside it runs.
 */
@Timeout(300)
class BacktestRetentionIT {
    @TempDir
    Path dir;

    @Test
    void refusesAWindowOlderThanTheReadingsHeldAndSaysHowFarBackTheyReach() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(Duration.ofDays(3));
        Instant cut = now.minus(Duration.ofDays(2));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer())) {
                HistoryWriter.write(Scenarios.named(Scenarios.COHORT, new ScenarioOptions(3, Duration.ofDays(3), 6,
                        Cohort.parseMix(""), Cadence.REALISTIC, 0)), Duration.ofDays(3).minusMinutes(1), start,
                        producer);
            }
            List<Integer> trimmed = deleteBefore(kafka, cut);
            assertThat(trimmed).isNotEmpty();
            Path rules = rules();

            Result refused = backtest(kafka, now, "--rules", rules.toString(), "--from", "3d");

            assertThat(refused.exit).isEqualTo(BacktestMain.REFUSED);
            assertThat(refused.out).isEmpty();
            assertThat(refused.err.lines()).singleElement().asString()
                    .startsWith("backtest refused: cannot replay from " + start)
                    .contains("(older records deleted)").contains("use --from 20");
            trimmed.forEach(p -> assertThat(refused.err).contains("partition " + p + ": from 20"));
            assertThat(dir.resolve("report")).doesNotExist();

            Result inside = backtest(kafka, now, "--rules", rules.toString(), "--from", "36h");

            assertThat(inside.exit).as(inside.err).isZero();
            assertThat(dir.resolve("report/backtest.json")).isNotEmptyFile();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result backtest(EmbeddedKafka kafka, Instant now, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BacktestMain(Settings.of(Map.of(
                "rpm.kafka.bootstrap-servers", kafka.bootstrapServers(),
                BacktestConfig.STATE_DIR, dir.resolve("state").toString())), Clock.fixed(now, ZoneOffset.UTC)));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--out";
        all[args.length + 1] = dir.resolve("report").toString();
        int exit = cli.execute(all);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Deletes each partition's readings older than {@code cut}, as retention would; the partitions trimmed. */
    private static List<Integer> deleteBefore(EmbeddedKafka kafka, Instant cut) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                query.put(new TopicPartition(Topics.READINGS.name(), p), OffsetSpec.forTimestamp(cut.toEpochMilli()));
            }
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(query).all().get().forEach((tp, info) -> {
                if (info.offset() > 0) {
                    delete.put(tp, RecordsToDelete.beforeOffset(info.offset()));
                }
            });
            admin.deleteRecords(delete).all().get();
            return delete.keySet().stream().map(TopicPartition::partition).sorted().toList();
        }
    }

    private Path rules() throws Exception {
        return Files.writeString(dir.resolve("rules.yaml"), BundledRules.yaml());
    }
}
