package org.rpmpipeline.backtest;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.alerts.console.BacktestRunner;
import org.rpmpipeline.backtest.input.BadInputException;
import org.rpmpipeline.backtest.input.PatientsFile;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.backtest.input.Window;

/**
 * Backtests for the care-team console: what {@code ./rpm backtest} does, with the candidate, window and patients
 * from the console's form and the baseline the command would use (the processor's configured rules file, else the
 * bundled rules). Problems with the input are the command's own one-line messages.
 */
public final class ConsoleBacktestRunner implements BacktestRunner {
    private final BacktestConfig config;
    private final Clock clock;

    public ConsoleBacktestRunner(BacktestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Prepared prepare(Request request) {
        try {
            RulesFile candidate = RulesFile.parse("rules", request.rulesName(), request.rulesName(),
                    request.rules());
            RulesFile baseline = config.liveRules()
                    .map(file -> RulesFile.load("rpm.processor.rules-file", file))
                    .orElseGet(RulesFile::bundled);
            Window window = Window.parse(request.from().isBlank() ? "30d" : request.from(),
                    request.to().isBlank() ? null : request.to(), null, clock.instant());
            Optional<Set<String>> patients = request.patients().isBlank() ? Optional.empty()
                    : Optional.of(PatientsFile.parse("patients", request.patients()));
            return new Run(candidate, baseline, window, patients);
        } catch (BadInputException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private final class Run implements Prepared {
        private final RulesFile candidate;
        private final RulesFile baseline;
        private final Window window;
        private final Optional<Set<String>> patients;

        Run(RulesFile candidate, RulesFile baseline, Window window, Optional<Set<String>> patients) {
            this.candidate = candidate;
            this.baseline = baseline;
            this.window = window;
            this.patients = patients;
        }

        @Override
        public String candidate() {
            return candidate.name();
        }

        @Override
        public String sha256() {
            return candidate.sha256();
        }

        @Override
        public String scope() {
            return "from " + window.from() + " to " + window.to() + " (warm-up " + window.warmUp().toHours()
                    + " h), against " + baseline.name() + ", " + patients.map(p -> p.size() + " patient(s)")
                    .orElse("every patient");
        }

        @Override
        public Outcome run(Path outDir) throws Exception {
            Backtest.Outcome outcome = new Backtest(config).run(new BacktestRequest(candidate, baseline, window,
                    patients, outDir));
            if (outcome instanceof Backtest.Refused refused) {
                return new Refused(refused.reason());
            }
            Backtest.Completed done = (Backtest.Completed) outcome;
            return new Written(String.format(Locale.ROOT, "%,d readings replayed through both rule sets in %.1f s",
                    done.readings(), done.elapsed().toMillis() / 1000.0));
        }
    }
}
