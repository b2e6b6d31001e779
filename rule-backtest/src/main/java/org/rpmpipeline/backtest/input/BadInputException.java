package org.rpmpipeline.backtest.input;

/**
 * A flag or input file the backtest cannot use. The message is one line that names the flag, or the file and
 * line, and says what is wrong; the command prints it and exits with status 2.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message.replaceAll("\\s*\\R\\s*", " ").strip());
    }
}
