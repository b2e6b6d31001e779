package org.rpmpipeline.gateway;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.gateway.replay.ReplayCommand;
import org.tinylog.Logger;
import org.tinylog.jul.JulTinylogBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs the gateway as a standalone process. Configuration comes from environment variables, {@code -D} system
 * properties and an optional properties file ({@code RPM_CONFIG_FILE}); see the module README. Without a
 * subcommand it runs the gateway; {@code replay} re-publishes dead letters, {@code register} writes a bindings file
 * to the device topic.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        subcommands = {ReplayCommand.class, RegisterCommand.class},
        description = "MQTT to Kafka ingestion for rpm-pipeline: validates device readings, binds them to patients"
                + " and dead-letters what it cannot accept.")
public final class GatewayMain implements Callable<Integer> {
    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        JulTinylogBridge.activate();
        System.exit(new CommandLine(new GatewayMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(Settings.fromEnvironment());
        } catch (ConfigException e) {
            Logger.error("invalid configuration: {}", e.getMessage());
            return 2;
        }
        Gateway gateway = new Gateway(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "rpm-gateway-shutdown"));
        try {
            gateway.start();
        } catch (RuntimeException e) {
            Logger.error(e, "gateway failed to start");
            gateway.close();
            return 1;
        }
        stopped.await();
        return 0;
    }
}
