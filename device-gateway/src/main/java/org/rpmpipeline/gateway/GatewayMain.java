package org.rpmpipeline.gateway;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rpmpipeline.contract.cli.CommandFailures;
import org.rpmpipeline.contract.cli.PortCheck;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.gateway.binding.BindingsFile;
import org.rpmpipeline.gateway.replay.ReplayCommand;
import org.tinylog.Logger;
import org.tinylog.jul.JulTinylogBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs the gateway as a standalone process. Configuration comes from environment variables, {@code -D} system
 * properties and an optional properties file ({@code RPM_CONFIG_FILE}); see the module README. Without a
 * subcommand it runs the gateway; {@code replay} re-publishes dead letters, {@code register} writes a bindings file
 * to the device topic. Everything that can be checked before connecting (every key, every line of the bindings
 * file, the HTTP port) is checked first: a problem stops it at once with one line per problem and exit code 2.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        subcommands = {ReplayCommand.class, RegisterCommand.class},
        description = {"MQTT to Kafka ingestion for rpm-pipeline: validates device readings, binds them to patients"
                + " and dead-letters what it cannot accept. Runs until stopped.",
                "Configured by environment variables (RPM_MQTT_URL, RPM_KAFKA_BOOTSTRAP_SERVERS, "
                        + "RPM_GATEWAY_BINDINGS_FILE, ...), -Drpm.* system properties or a properties file named by "
                        + "RPM_CONFIG_FILE; device-gateway/README.md lists every key. The subcommands use the same "
                        + "configuration.",
                "Health on http://127.0.0.1:8081/health/ready unless RPM_GATEWAY_HTTP_PORT/_BIND say otherwise."})
public final class GatewayMain implements Callable<Integer> {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Settings base;

    /** The command over the process's settings. */
    public GatewayMain() {
        this(null);
    }

    /** The command (and its subcommands) over {@code base} settings ({@code null}: the process's environment). */
    public GatewayMain(Settings base) {
        this.base = base;
    }

    public static void main(String[] args) {
        JulTinylogBridge.activate();
        System.exit(CommandFailures.install(new CommandLine(new GatewayMain())).execute(args));
    }

    /** The settings this command and its subcommands run with. */
    public Settings settings() {
        return base != null ? base : Settings.fromEnvironment();
    }

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig config = GatewayConfig.from(settings());
        if (config.bindingsFile() != null) {
            BindingsFile.read(config.bindingsFile());
        }
        new PortCheck().port(Settings.describe(GatewayConfig.HTTP_PORT), config.http().bind(), config.http().port())
                .requireFree();
        Gateway gateway = new Gateway(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "rpm-gateway-shutdown"));
        try {
            gateway.start();
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        Logger.info("gateway running [health: {}, mqtt: {}, kafka: {}]; ready once MQTT and Kafka answer and the"
                + " device bindings are loaded", config.http().enabled()
                        ? config.http().localBaseUrl(gateway.httpPort()) + "/health/ready" : "none",
                config.mqtt().url(), config.kafka().bootstrapServers());
        stopped.await();
        return 0;
    }
}
