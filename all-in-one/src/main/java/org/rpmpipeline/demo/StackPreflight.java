package org.rpmpipeline.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.cli.PortCheck;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.gateway.binding.BindingsFile;
import org.rpmpipeline.processor.ProcessorConfig;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/**
 * Everything {@code ./rpm stack} and {@code ./rpm demo} can check before they start a broker: each service's
 * configuration as the stack will build it, every line of the rules and bindings files, and every port (range,
 * distinct, free). All problems are gathered and thrown as one {@link ConfigException}, one line each, so a mistake
 * costs a second instead of a broker start, and a file with several bad lines is fixed in one go.
 */
final class StackPreflight {
    private StackPreflight() {
    }

    /** The configuration each service will start with, checked. */
    record Checked(AlertConfig alerts, GatewayConfig gateway, ProcessorConfig processor) {
    }

    /**
     * @param nameOfKey what names a key's value in a message: the flag that set it, or the key
     * @throws ConfigException listing every problem found
     */
    static Checked check(EmbeddedStack.Options options, Function<String, String> nameOfKey) {
        Settings settings = EmbeddedStack.settings(options, "localhost:" + options.kafkaPort(),
                "tcp://127.0.0.1:" + options.mqttPort(),
                Path.of(System.getProperty("java.io.tmpdir"), "rpm-streams-preflight").toString());
        List<String> problems = new ArrayList<>();
        ProcessorConfig processor = attempt(problems, () -> ProcessorConfig.from(settings));
        if (processor != null) {
            attempt(problems, () -> processor.rulesFile().map(RuleSetLoader::load));
        }
        AlertConfig alerts = attempt(problems, () -> AlertConfig.from(settings));
        GatewayConfig gateway = attempt(problems, () -> GatewayConfig.from(settings));
        if (gateway != null && gateway.bindingsFile() != null) {
            attempt(problems, () -> BindingsFile.read(gateway.bindingsFile()));
        }
        if (problems.isEmpty()) {
            attempt(problems, () -> {
                new PortCheck()
                        .port("--kafka-port", EmbeddedStack.LOOPBACK, options.kafkaPort())
                        .port("--mqtt-port", options.mqttBind(), options.mqttPort())
                        .port(nameOfKey.apply(AlertConfig.HTTP_PORT), alerts.http().bind(), alerts.http().port())
                        .port(nameOfKey.apply(GatewayConfig.HTTP_PORT), gateway.http().bind(), gateway.http().port())
                        .port(nameOfKey.apply(ProcessorConfig.HTTP_PORT), processor.http().bind(),
                                processor.http().port())
                        .requireFree();
                return null;
            });
        }
        if (problems.size() == 1) {
            throw new ConfigException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid configuration", problems);
        }
        return new Checked(alerts, gateway, processor);
    }

    private static <T> T attempt(List<String> problems, Supplier<T> step) {
        try {
            return step.get();
        } catch (ConfigException e) {
            problems.addAll(e.lines());
            return null;
        }
    }
}
