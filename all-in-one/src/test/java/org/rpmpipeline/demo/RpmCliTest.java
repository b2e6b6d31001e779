package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RpmCliTest {

    @Test
    void offersTheDemoTheStackTheSimulatorEachServiceAndTheBacktest() {
        CommandLine cli = RpmCli.commandLine();

        assertThat(cli.getSubcommands().keySet())
                .containsExactlyInAnyOrder("demo", "stack", "simulate", "gateway", "processor", "alerts", "backtest");
    }

    @Test
    void aBadBacktestFlagIsOneLineAndStatusTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = RpmCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("backtest", "--rules", "candidate.yaml", "--since", "30d");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("backtest: ").contains("--since");
    }

    @Test
    void badDurationIsReportedWithTheOptionValue() {
        StringWriter err = new StringWriter();
        CommandLine cli = RpmCli.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(e.getMessage());
            return 2;
        });

        int exit = cli.execute("demo", "--duration", "soon");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("must be a duration").contains("soon");
    }
}
