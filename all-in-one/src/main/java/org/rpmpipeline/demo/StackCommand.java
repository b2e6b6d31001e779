package org.rpmpipeline.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.cli.BindAddressConverter;
import org.rpmpipeline.contract.cli.PortConverter;
import org.rpmpipeline.contract.cli.ReadableFileConverter;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.processor.ProcessorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rpm stack}: the embedded brokers and the three services on fixed, documented ports, without a
 * simulator, until Ctrl-C. Any MQTT or Kafka client on this machine (mosquitto_pub, kcat, a real hub) can be
 * pointed at it. Every listener is on loopback unless told otherwise; the alert API and FHIR server need a bearer
 * token: from {@code --api-tokens}, else one generated at start ({@link GeneratedToken}) and printed once.
 *
 * <p>The services take the same configuration as when they run on their own ({@code RPM_*} environment variables,
 * {@code -Drpm.*} system properties, {@code RPM_CONFIG_FILE}); the flags set keys of their own ({@link #KEYS}).
 * Every flag, key, file and port is checked before a broker starts ({@link StackPreflight}); the start is printed
 * step by step ({@link ProgressPrinter}) and then each alert as it fires ({@link AlertPrinter}).
 */
@Command(name = "stack", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the embedded brokers and the three services on fixed ports until Ctrl-C.",
                "The services read the same configuration as on their own: RPM_* environment variables, -Drpm.* "
                        + "system properties and the properties file named by RPM_CONFIG_FILE (webhooks, SMTP, "
                        + "SampledData, ...). A flag given here wins over its key; a key that is set wins over the "
                        + "flag's default."})
public final class StackCommand implements Callable<Integer> {
    /** The keys each flag sets, as the root README's table lists them. */
    static final FlagKeys KEYS = new FlagKeys(keys());

    @Option(names = "--mqtt-port", defaultValue = "1883", converter = PortConverter.class,
            description = "MQTT port (default ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--mqtt-bind", defaultValue = "127.0.0.1", converter = BindAddressConverter.class,
            description = "MQTT listen address; 0.0.0.0 lets hubs on the network in (default ${DEFAULT-VALUE}).")
    String mqttBind;

    @Option(names = "--kafka-port", defaultValue = "9092", converter = PortConverter.class,
            description = "Kafka port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--http-port", defaultValue = "8080", converter = PortConverter.class,
            description = "Alert service HTTP port: API, FHIR, health (rpm.alerts.http-port; default "
                    + "${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--gateway-http-port", defaultValue = "8081", converter = PortConverter.class,
            description = "Gateway health and metrics port (rpm.gateway.http-port; default ${DEFAULT-VALUE}).")
    int gatewayHttpPort;

    @Option(names = "--processor-http-port", defaultValue = "8082", converter = PortConverter.class,
            description = "Stream processor health and metrics port (rpm.processor.http-port; default "
                    + "${DEFAULT-VALUE}).")
    int processorHttpPort;

    @Option(names = "--http-bind", defaultValue = EmbeddedStack.LOOPBACK, converter = BindAddressConverter.class,
            description = "Address of the three HTTP servers; 0.0.0.0 lets other machines in "
                    + "(rpm.<service>.http-bind; default ${DEFAULT-VALUE}).")
    String httpBind;

    @Option(names = "--api-tokens", paramLabel = "FILE", converter = ReadableFileConverter.class,
            description = "Bearer tokens of the alert API and FHIR server, one '<token> <role> <actor>' per line "
                    + "(roles viewer, clinician, admin) (rpm.alerts.api.tokens-file). Default: an admin token "
                    + "generated at start and printed.")
    Path apiTokens;

    @Option(names = "--bindings", paramLabel = "FILE", converter = ReadableFileConverter.class,
            description = "Device bindings file (CSV or YAML) loaded at start (rpm.gateway.bindings-file).")
    Path bindingsFile;

    @Option(names = "--rules", paramLabel = "FILE", converter = ReadableFileConverter.class,
            description = "Rules file for the stream processor (rpm.processor.rules-file; default: the bundled "
                    + "rules).")
    Path rulesFile;

    @Spec
    CommandSpec spec;

    private final Settings base;
    private final CountDownLatch stop = new CountDownLatch(1);

    /** The command over the process's configuration. */
    public StackCommand() {
        this(null);
    }

    /** The command over {@code base} configuration ({@code null}: the process's environment). */
    public StackCommand(Settings base) {
        this.base = base;
    }

    private static Map<String, List<String>> keys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("--http-port", List.of(AlertConfig.HTTP_PORT));
        keys.put("--gateway-http-port", List.of(GatewayConfig.HTTP_PORT));
        keys.put("--processor-http-port", List.of(ProcessorConfig.HTTP_PORT));
        keys.put("--http-bind", List.of(AlertConfig.HTTP_BIND, GatewayConfig.HTTP_BIND, ProcessorConfig.HTTP_BIND));
        keys.put("--api-tokens", List.of(AlertConfig.API_TOKENS_FILE));
        keys.put("--bindings", List.of(GatewayConfig.BINDINGS_FILE));
        keys.put("--rules", List.of(ProcessorConfig.RULES_FILE));
        return keys;
    }

    private Settings environment() {
        return base != null ? base : Settings.fromEnvironment();
    }

    /** The stack these options and the configuration describe, with {@code overrides} applied last. */
    EmbeddedStack.Options options(Map<String, String> overrides) {
        return new EmbeddedStack.Options(mqttPort, mqttBind, kafkaPort, httpPort, gatewayHttpPort,
                processorHttpPort, httpBind, overrides, KEYS.apply(environment(), spec));
    }

    /** Stops a running stack as Ctrl-C does; {@link #call()} then closes it and returns. */
    void stop() {
        stop.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        long startedNanos = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Settings environment = environment();
        Settings configured = KEYS.apply(environment, spec);
        String ownTokens = configured.raw(AlertConfig.API_TOKENS_FILE).orElse(null);
        GeneratedToken generated = ownTokens != null ? null : GeneratedToken.create();
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: the hook wakes the main thread, which closes the stack, and waits until it has.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rpm-stack-shutdown");
        try {
            Map<String, String> overrides = new HashMap<>();
            if (generated != null) {
                overrides.put(AlertConfig.API_TOKENS_FILE, generated.file().toString());
            }
            EmbeddedStack.Options options = options(overrides);
            StackPreflight.Checked checked;
            try {
                checked = StackPreflight.check(options, key -> KEYS.nameOf(key, environment, spec));
            } catch (ConfigException e) {
                throw KEYS.naming(e, spec);
            }
            Runtime.getRuntime().addShutdownHook(hook);
            AlertPrinter alertPrinter = new AlertPrinter(out, startedNanos);
            try (EmbeddedStack stack = EmbeddedStack.start(options, List.of(), Duration.ofSeconds(90),
                    new ProgressPrinter(out, startedNanos));
                    PipelineMonitor monitor = new PipelineMonitor(stack.bootstrapServers(), List.of(Topics.ALERTS),
                            alertPrinter)) {
                String bind = checked.alerts().http().bind();
                String http = "http://" + (bind.equals("0.0.0.0") ? EmbeddedStack.LOOPBACK : bind);
                out.println("rpm stack is running (Ctrl-C stops it); alerts are printed as they fire");
                out.printf("  MQTT           tcp://%s:%d   publish to rpm/v1/{deviceId}/vitals%n", mqttBind,
                        stack.mqttPort());
                out.printf("  Kafka          %s   topics rpm.readings, rpm.findings, rpm.alerts, ...%n",
                        stack.bootstrapServers());
                out.printf("  alert service  %s:%d   /alerts, /fhir (bearer token), /health/ready, /metrics%n", http,
                        stack.alerts().httpPort());
                out.printf("  console        %s:%d/   care-team console: sign in with an API token%n", http,
                        stack.alerts().httpPort());
                out.printf("  gateway        %s:%d   /health/ready, /metrics%n", http, stack.gateway().httpPort());
                out.printf("  processor      %s:%d   /health/ready, /metrics%n", http,
                        stack.processor().httpPort());
                out.printf("  HTTP bound to  %s%s%n", bind, bind.equals(EmbeddedStack.LOOPBACK)
                        ? " (this machine only; --http-bind 0.0.0.0 opens it to the network)" : "");
                if (generated != null) {
                    out.printf("  API token      %s   (role admin; also in %s, readable by you only; "
                            + "--api-tokens FILE uses your own)%n", generated.token(), generated.file());
                    out.printf("                 curl -H 'Authorization: Bearer %s' %s:%d/alerts%n",
                            generated.token(), http, stack.alerts().httpPort());
                } else {
                    out.printf("  API tokens     %s%n", ownTokens);
                }
                out.println("register a device: see docs/contract.md (rpm.devices) or pass --bindings devices.csv");
                out.flush();
                stop.await();
                out.println("stopping...");
                out.flush();
            }
        } finally {
            if (generated != null) {
                generated.close();
            }
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down: the hook is what stopped the stack
            }
        }
        return 0;
    }
}
