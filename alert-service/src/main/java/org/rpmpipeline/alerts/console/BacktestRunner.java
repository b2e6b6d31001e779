package org.rpmpipeline.alerts.console;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the console's "Rule backtest" page runs a backtest with. The alert service cannot replay readings itself
 * (the backtest is a tool built on top of it), so a deployment that has the backtest gives the service an
 * implementation; without one the page says the backtest is not available here. The console decides who may
 * start one, runs one at a time, audits each start and keeps the reports ({@link BacktestJobs}).
 */
public interface BacktestRunner {
    /** The HTML report's file name in a run's output directory. */
    String HTML_FILE = "backtest.html";
    /** The JSON report's file name in a run's output directory. */
    String JSON_FILE = "backtest.json";

    /**
     * Checks {@code request} and returns the backtest it describes, not yet run.
     *
     * @throws Invalid if the rules, the window or the patients cannot be used; its message is one line for the
     *     admin
     */
    Prepared prepare(Request request);

    /**
     * What an admin asked for, as typed into the page.
     *
     * @param rulesName the candidate file's name (or a placeholder for pasted text)
     * @param rules the candidate rules YAML, already bounded by the console
     * @param from window start: a duration before now ({@code 30d}) or a time
     * @param to window end, as {@code from}; blank for now
     * @param patients patient ids, one a line ({@code #} comments); blank for every patient
     */
    record Request(String rulesName, byte[] rules, String from, String to, String patients) {
        public Request {
            Objects.requireNonNull(rulesName, "rulesName");
            Objects.requireNonNull(rules, "rules");
            from = Objects.requireNonNullElse(from, "");
            to = Objects.requireNonNullElse(to, "");
            patients = Objects.requireNonNullElse(patients, "");
        }
    }

    /** A checked backtest, ready to run. */
    interface Prepared {
        /** The candidate's name as reports show it. */
        String candidate();

        /** The hex SHA-256 of the candidate's bytes: which exact rules were tried (audited). */
        String sha256();

        /** The window and patients, one line for the page and the audit trail (no patient ids). */
        String scope();

        /**
         * Runs the backtest, writing {@link #HTML_FILE} and {@link #JSON_FILE} into
         * {@code outDir} (which exists and is empty).
         */
        Outcome run(Path outDir) throws Exception;
    }

    /** How a run ended. */
    sealed interface Outcome permits Written, Refused {
    }

    /** The report files were written; {@code summary} is one line for the page. */
    record Written(String summary) implements Outcome {
    }

    /** The window cannot be replayed; {@code reason} says why and what can be. */
    record Refused(String reason) implements Outcome {
    }

    /** A request the backtest cannot use; the message is one line naming the problem. */
    final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
