package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.config.Settings;
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
        assertThat(err.toString().lines()).singleElement().asString().startsWith("rpm backtest: ").contains("--since");
    }

    @Test
    void everyCommandHasVerbose() {
        CommandLine cli = RpmCli.commandLine();

        cli.getSubcommands().values().forEach(sub -> assertThat(sub.getCommandSpec().findOption("--verbose"))
                .as(sub.getCommandName()).isNotNull());
        assertThat(cli.getSubcommands().get("gateway").getSubcommands().get("register").getCommandSpec()
                .findOption("--verbose")).isNotNull();
    }

    @Test
    void badDurationIsReportedWithTheOptionValue() {
        StringWriter err = new StringWriter();
        CommandLine cli = RpmCli.commandLine(Settings.of(Map.of()));
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int exit = cli.execute("demo", "--duration", "soon", "--mqtt-port", "0", "--kafka-port", "0",
                "--http-port", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("must be a duration").contains("soon");
    }

    @Test
    void servicesSayTheyAreConfiguredByEnvironmentVariables() {
        for (String service : RpmCli.SERVICES) {
            StringWriter help = new StringWriter();
            RpmCli.commandLine().getSubcommands().get(service).usage(new PrintWriter(help));

            assertThat(help.toString()).as(service).contains("environment variables").contains("RPM_CONFIG_FILE");
        }
    }
}
