package org.rpmpipeline.contract.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.rpmpipeline.contract.config.ConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandFailuresTest {

    @Command(name = "tool")
    static final class Tool implements Callable<Integer> {
        @Option(names = "--port", converter = PortConverter.class)
        int port;

        @Option(names = "--fail")
        String fail;

        @Override
        public Integer call() {
            if ("config".equals(fail)) {
                throw new ConfigException("invalid bindings in d.csv", List.of("d.csv:2: bad id", "d.csv:5: bad time"));
            }
            if ("crash".equals(fail)) {
                throw new IllegalStateException("broker failed to start on port 9",
                        new IllegalArgumentException("Address already in use"));
            }
            return 0;
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CommandFailures.install(new CommandLine(new Tool()));
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void portOutOfRange_isOneLineNamingTheFlag_exit2() {
        assertThat(run("--port", "99999")).isEqualTo(2);

        assertThat(errLines()).singleElement().asString()
                .startsWith("tool: ").contains("'--port'").contains("between 0 and 65535").contains("99999");
    }

    @Test
    void unknownFlag_isOneLineWithASuggestion() {
        assertThat(run("--ports", "1")).isEqualTo(2);

        assertThat(errLines()).singleElement().asString().contains("--ports").contains("did you mean --port?");
    }

    @Test
    void configurationProblems_areOneLineEach_exit2_withoutStackTrace() {
        assertThat(run("--fail", "config")).isEqualTo(2);

        assertThat(errLines()).containsExactly("tool: d.csv:2: bad id", "tool: d.csv:5: bad time");
    }

    @Test
    void unexpectedFailure_isOneLineWithItsRootCause_exit1() {
        assertThat(run("--fail", "crash")).isEqualTo(1);

        assertThat(errLines()).singleElement().asString()
                .isEqualTo("tool: broker failed to start on port 9: Address already in use "
                        + "(--verbose shows the stack trace)");
    }

    @Test
    void verbose_addsTheStackTrace() {
        assertThat(run("--fail", "crash", "--verbose")).isEqualTo(1);

        assertThat(err.toString()).contains("java.lang.IllegalStateException").contains("\tat ");
    }
}
