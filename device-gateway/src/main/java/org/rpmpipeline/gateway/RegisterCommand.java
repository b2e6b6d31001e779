package org.rpmpipeline.gateway;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.gateway.binding.BindingsRegistration;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gateway register FILE}: writes a bindings file to rpm.devices and exits. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Write the device bindings of a CSV or YAML file to rpm.devices and exit. Uses the gateway's"
                + " Kafka configuration; run it with the credentials of a principal allowed to write rpm.devices.")
public final class RegisterCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "bindings file (.csv, .yaml or .yml)")
    Path file;

    @Override
    public Integer call() {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(Settings.fromEnvironment());
        } catch (ConfigException e) {
            Logger.error("invalid configuration: {}", e.getMessage());
            return 2;
        }
        try {
            int written = BindingsRegistration.register(config.kafka(), file);
            System.out.printf("registered %d device bindings on rpm.devices%n", written);
            return 0;
        } catch (IllegalArgumentException e) {
            Logger.error("invalid bindings file: {}", e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            Logger.error("registration failed: {}", e.getMessage());
            return 1;
        }
    }
}
