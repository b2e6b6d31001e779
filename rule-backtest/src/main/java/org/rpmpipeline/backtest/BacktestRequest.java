package org.rpmpipeline.backtest;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.backtest.input.Window;

/**
 * What one backtest compares: the candidate rules against the baseline over a window, for all patients or those
 * of a patient file, with the report written to {@code outDir}.
 */
public record BacktestRequest(RulesFile candidate, RulesFile baseline, Window window, Optional<Set<String>> patients,
        Path outDir) {
    public BacktestRequest {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(patients, "patients");
        Objects.requireNonNull(outDir, "outDir");
    }
}
