package org.rpmpipeline.contract.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.rpmpipeline.contract.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command of the project fails: plainly, in one line per problem, on standard error.
 *
 * <ul>
 *   <li>A bad flag (unknown, malformed, out of range) is one line naming it, exit code 2.</li>
 *   <li>Bad configuration ({@link ConfigException}: a key, a flag's value, a file's bad lines) is one line per
 *       problem, each naming its key, flag or {@code file:line}, exit code 2.</li>
 *   <li>Any other failure is one line with what failed and why, exit code 1.</li>
 * </ul>
 *
 * <p>No stack trace unless the command is run with {@code --verbose}, which {@link #install} adds to every
 * command of the tree.
 *
 * <pre>
 * System.exit(CommandFailures.install(new CommandLine(new GatewayMain())).execute(args));
 * </pre>
 */
public final class CommandFailures implements IParameterExceptionHandler, IExecutionExceptionHandler {
    /** The option that brings stack traces back. */
    public static final String VERBOSE = "--verbose";

    private CommandFailures() {
    }

    /**
     * Installs the handlers on {@code cli} and its subcommands and gives each command a {@code --verbose} flag.
     * Call it once the tree is complete (after the last {@code addSubcommand}).
     */
    public static CommandLine install(CommandLine cli) {
        addVerbose(cli);
        CommandFailures handler = new CommandFailures();
        cli.setParameterExceptionHandler(handler);
        cli.setExecutionExceptionHandler(handler);
        return cli;
    }

    private static void addVerbose(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        if (spec.findOption(VERBOSE) == null) {
            spec.addOption(OptionSpec.builder(VERBOSE).type(boolean.class)
                    .description("On a failure, also print its stack trace.").build());
        }
        cli.getSubcommands().values().forEach(CommandFailures::addVerbose);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        String name = cli.getCommandSpec().qualifiedName();
        PrintWriter err = cli.getErr();
        err.println(name + ": " + oneLine(ex.getMessage()) + hint(ex, name));
        if (List.of(args).contains(VERBOSE)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        String name = cli.getCommandSpec().qualifiedName();
        PrintWriter err = cli.getErr();
        boolean verbose = verbose(parseResult);
        ConfigException config = configProblem(ex);
        int exitCode;
        if (config != null) {
            config.lines().forEach(line -> err.println(name + ": " + oneLine(line)));
            exitCode = cli.getCommandSpec().exitCodeOnInvalidInput();
        } else {
            err.println(name + ": " + describe(ex) + (verbose ? "" : " (" + VERBOSE + " shows the stack trace)"));
            exitCode = cli.getCommandSpec().exitCodeOnExecutionException();
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** What failed and why in one line: the failure's message and, if it adds something, its root cause's. */
    public static String describe(Throwable failure) {
        String top = message(failure);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = message(root);
        if (root == failure || top.contains(cause)) {
            return top;
        }
        return top + ": " + cause;
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    private static ConfigException configProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException config) {
                return config;
            }
        }
        return null;
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static String hint(ParameterException ex, String name) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
        }
        String message = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(Locale.ROOT);
        return message.startsWith("invalid value") ? "" : " (" + name + " --help lists the options)";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
