package org.rpmpipeline.backtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.rpmpipeline.backtest.input.BadInputException;
import org.rpmpipeline.backtest.input.PatientsFile;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.backtest.input.Window;
import org.rpmpipeline.backtest.report.TerminalReport;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rpm backtest}: what a candidate rules file would have done to the patients on {@code rpm.readings},
 * against the baseline (by default the processor's configured rules). Prints a table and writes
 * {@code backtest.json} and {@code backtest.html}. Exit status: 0 report written, 1 the backtest failed (Kafka
 * unreachable, a replay error), 2 a bad flag, input file or setting (one line naming it), 3 the window is older
 * than the readings still held.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replays rpm.readings through a candidate and a baseline rule set and reports the difference "
                + "in findings, alerts and notifications. Kafka settings as for the services (RPM_KAFKA_*).")
public final class BacktestMain implements Callable<Integer> {
    public static final int REPORT_WRITTEN = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int REFUSED = 3;

    @Option(names = "--rules", paramLabel = "FILE", description = "The candidate rules file (the processor's format).")
    String rules;

    @Option(names = "--baseline", paramLabel = "FILE", description = "The rules to compare against; default: "
            + "rpm.processor.rules-file if set, else the bundled rules.")
    String baseline;

    @Option(names = "--from", paramLabel = "TIME", description = "Window start: a duration before now (30d, 12h) "
            + "or a time (2026-11-01T00:00Z, 2026-11-01); default 30d.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Window end, as --from; default now.")
    String to;

    @Option(names = "--warm-up", paramLabel = "DURATION", description = "Replay this much before --from to build "
            + "rule state, uncounted (0s to 31d); default 1d.")
    String warmUp;

    @Option(names = "--patients", paramLabel = "FILE", description = "Only these patients: one id per line, "
            + "# comments.")
    String patients;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write backtest.json and backtest.html; "
            + "default ./backtest-report.")
    String out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Settings base;
    private final Clock clock;

    /** A command over the process's settings and clock. */
    public BacktestMain() {
        this(null, Clock.systemUTC());
    }

    /** A command over {@code base} settings ({@code null}: the process's environment) and {@code clock}. */
    public BacktestMain(Settings base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BacktestMain());
        cli.setParameterExceptionHandler(oneLineErrors(cli.getParameterExceptionHandler()));
        System.exit(cli.execute(args));
    }

    /**
     * A handler that reports a bad {@code backtest} command line (unknown flag, missing value) as one line and
     * exit status 2, and hands any other command's to {@code others}.
     */
    public static CommandLine.IParameterExceptionHandler oneLineErrors(CommandLine.IParameterExceptionHandler others) {
        return (ex, args) -> {
            if (!(ex.getCommandLine().getCommand() instanceof BacktestMain)) {
                return others.handleParseException(ex, args);
            }
            ex.getCommandLine().getErr().println("backtest: " + ex.getMessage().replaceAll("\\s*\\R\\s*", " "));
            ex.getCommandLine().getErr().flush();
            return BAD_INPUT;
        };
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BacktestConfig config;
        BacktestRequest request;
        try {
            config = BacktestConfig.from(base != null ? base : Settings.fromEnvironment());
            request = request(config, clock.instant());
        } catch (BadInputException | ConfigException e) {
            err.println("backtest: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        Logger.info("backtest configuration [{}]", config);
        try {
            Backtest.Outcome outcome = new Backtest(config).run(request);
            if (outcome instanceof Backtest.Refused refused) {
                err.println("backtest refused: " + refused.reason());
                err.flush();
                return REFUSED;
            }
            Backtest.Completed done = (Backtest.Completed) outcome;
            stdout.print(TerminalReport.render(done.report()));
            stdout.printf(Locale.ROOT, "report: %s, %s%nreplayed %,d readings through both rule sets in %.1f s "
                    + "(%,.0f readings/s)%n", done.json(), done.html(), done.readings(),
                    done.elapsed().toMillis() / 1000.0, done.readingsPerSecond());
            stdout.flush();
            return REPORT_WRITTEN;
        } catch (KafkaException | IllegalStateException | IOException | UncheckedIOException e) {
            Logger.debug(e, "backtest failed");
            err.println("backtest failed: " + e.getMessage());
            err.flush();
            return FAILED;
        }
    }

    private BacktestRequest request(BacktestConfig config, Instant now) {
        if (rules == null) {
            throw new BadInputException("--rules: the candidate rules file is required");
        }
        RulesFile candidate = RulesFile.load("--rules", path("--rules", rules));
        RulesFile base;
        if (baseline != null) {
            base = RulesFile.load("--baseline", path("--baseline", baseline));
        } else {
            base = config.liveRules().map(file -> RulesFile.load("rpm.processor.rules-file", file))
                    .orElseGet(RulesFile::bundled);
        }
        Window window = Window.parse(from == null ? "30d" : from, to, warmUp, now);
        Optional<Set<String>> only = patients == null ? Optional.empty()
                : Optional.of(PatientsFile.load(path("--patients", patients)));
        return new BacktestRequest(candidate, base, window, only, outDir(out == null ? "backtest-report" : out));
    }

    /**
     * The output directory: an existing writable directory, or one that can be created in the nearest existing
     * writable directory above it (it is created only when the report is written). Checked now, so an unusable
     * {@code --out} is a bad flag rather than a failure after the replay.
     */
    private static Path outDir(String text) {
        Path dir = path("--out", text).toAbsolutePath();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new BadInputException("--out: " + text + " cannot be written (" + (existing == null ? dir
                    : existing) + " is not a writable directory)");
        }
        return path("--out", text);
    }

    private static Path path(String flag, String text) {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInputException(flag + ": not a file name: \"" + text + "\"");
        }
    }
}
