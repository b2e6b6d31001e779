package org.rpmpipeline.demo;

import org.rpmpipeline.alerts.AlertMain;
import org.rpmpipeline.backtest.BacktestMain;
import org.rpmpipeline.gateway.GatewayMain;
import org.rpmpipeline.processor.ProcessorMain;
import org.rpmpipeline.sim.SimulatorMain;
import org.tinylog.jul.JulTinylogBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ./rpm} command: the demo, the embedded stack, the simulator, each service on its own and the rule
 * backtest.
 */
@Command(name = "rpm", mixinStandardHelpOptions = true, version = "rpm-pipeline 0.1.0",
        description = "Remote patient monitoring pipeline: MQTT devices to Kafka rules to FHIR R4 alerts.",
        subcommands = {DemoCommand.class, StackCommand.class})
public final class RpmCli implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        JulTinylogBridge.activate();
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RpmCli());
        cli.addSubcommand("simulate", new SimulatorMain());
        cli.addSubcommand("gateway", new GatewayMain());
        cli.addSubcommand("processor", new ProcessorMain());
        cli.addSubcommand("alerts", new AlertMain());
        cli.addSubcommand("backtest", new BacktestMain());
        cli.setParameterExceptionHandler(BacktestMain.oneLineErrors(cli.getParameterExceptionHandler()));
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
