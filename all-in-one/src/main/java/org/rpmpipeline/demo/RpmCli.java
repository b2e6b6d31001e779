package org.rpmpipeline.demo;

import java.time.Clock;
import java.util.Set;
import org.rpmpipeline.alerts.AlertMain;
import org.rpmpipeline.backtest.BacktestMain;
import org.rpmpipeline.contract.cli.CommandFailures;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.gateway.GatewayMain;
import org.rpmpipeline.processor.ProcessorMain;
import org.rpmpipeline.sim.SimulatorMain;
import org.tinylog.configuration.Configuration;
import org.tinylog.jul.JulTinylogBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ./rpm} command: the demo, the embedded stack, the simulator, each service on its own and the rule
 * backtest. Every command fails the same way ({@link CommandFailures}): one line per problem, exit code 2 for a bad
 * flag, key or file, no stack trace unless {@code --verbose}.
 */
@Command(name = "rpm", mixinStandardHelpOptions = true, version = "rpm-pipeline 0.1.0",
        description = "Remote patient monitoring pipeline: MQTT devices to Kafka rules to FHIR R4 alerts.")
public final class RpmCli implements Runnable {
    /** The commands that run one service as its own process: they log at INFO, as they do in a container. */
    static final Set<String> SERVICES = Set.of("gateway", "processor", "alerts");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && SERVICES.contains(args[0])) {
            // the launcher's own commands print their output and log warnings only; a service logs what it does,
            // as in its own image (the libraries' chatter stays at warnings)
            Configuration.set("writer.level", "info");
            for (String library : new String[] {"org.eclipse.jetty", "io.javalin", "ca.uhn.fhir"}) {
                Configuration.set("level@" + library, "warn");
            }
        }
        JulTinylogBridge.activate();
        System.exit(commandLine().execute(args));
    }

    /** The command tree over the process's configuration. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The command tree over {@code base} configuration ({@code null}: the process's environment); for tests. */
    public static CommandLine commandLine(Settings base) {
        CommandLine cli = new CommandLine(new RpmCli());
        add(cli, "demo", new DemoCommand(base));
        add(cli, "stack", new StackCommand(base));
        add(cli, "simulate", new SimulatorMain(base));
        add(cli, "gateway", new GatewayMain(base));
        add(cli, "processor", new ProcessorMain(base));
        add(cli, "alerts", new AlertMain(base));
        add(cli, "backtest", new BacktestMain(base, Clock.systemUTC()));
        return CommandFailures.install(cli);
    }

    /** Adds {@code command} under {@code name}, which its help and its error lines then show too. */
    private static void add(CommandLine cli, String name, Object command) {
        cli.addSubcommand(name, new CommandLine(command).setCommandName(name));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
