package org.rpmpipeline.gateway;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.gateway.binding.BindingsFile;
import org.rpmpipeline.gateway.binding.BindingsRegistration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gateway register FILE}: writes a bindings file to rpm.devices and exits. Every line of the file is
 * checked before Kafka is contacted; all bad lines are reported at once.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Write the device bindings of a CSV or YAML file to rpm.devices and exit. Uses the gateway's"
                + " Kafka configuration (RPM_KAFKA_BOOTSTRAP_SERVERS, RPM_KAFKA_PROPERTY_*); run it with the"
                + " credentials of a principal allowed to write rpm.devices.")
public final class RegisterCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "bindings file (.csv, .yaml or .yml)")
    Path file;

    @ParentCommand
    GatewayMain gateway;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GatewayConfig config = GatewayConfig.from(gateway.settings());
        List<DeviceBinding> bindings = BindingsFile.read(file);
        int written = BindingsRegistration.register(config.kafka(), bindings);
        spec.commandLine().getOut().printf("registered %d device bindings on rpm.devices%n", written);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
