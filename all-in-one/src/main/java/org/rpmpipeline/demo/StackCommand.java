package org.rpmpipeline.demo;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rpm stack}: the embedded brokers and the three services on fixed, documented ports, without a
 * simulator, until Ctrl-C. Any MQTT or Kafka client on this machine (mosquitto_pub, kcat, a real hub) can be
 * pointed at it. Every listener is on loopback unless told otherwise; the alert API and FHIR server need a bearer
 * token: from {@code --api-tokens}, else one generated at start ({@link GeneratedToken}) and printed once.
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Run the embedded brokers and the three services on fixed ports until Ctrl-C.")
public final class StackCommand implements Callable<Integer> {
    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--mqtt-bind", defaultValue = "127.0.0.1",
            description = "MQTT listen address; 0.0.0.0 lets hubs on the network in (default ${DEFAULT-VALUE}).")
    String mqttBind;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Alert service HTTP port: API, FHIR, health (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--gateway-http-port", defaultValue = "8081",
            description = "Gateway health and metrics port (default ${DEFAULT-VALUE}).")
    int gatewayHttpPort;

    @Option(names = "--processor-http-port", defaultValue = "8082",
            description = "Stream processor health and metrics port (default ${DEFAULT-VALUE}).")
    int processorHttpPort;

    @Option(names = "--http-bind", defaultValue = EmbeddedStack.LOOPBACK,
            description = "Address of the three HTTP servers; 0.0.0.0 lets other machines in (default "
                    + "${DEFAULT-VALUE}).")
    String httpBind;

    @Option(names = "--api-tokens", paramLabel = "FILE",
            description = "Bearer tokens of the alert API and FHIR server, one '<token> <role> <actor>' per line "
                    + "(roles viewer, clinician, admin). Default: an admin token generated at start and printed.")
    Path apiTokens;

    @Option(names = "--bindings", description = "Device bindings file (CSV or YAML) loaded at start.")
    String bindingsFile;

    @Option(names = "--rules", description = "Rules file for the stream processor (default: the bundled rules).")
    String rulesFile;

    private final PrintStream out = System.out;

    /** What is wrong with the options, checked before anything starts. */
    Optional<String> invalidOption() {
        if (apiTokens != null && (!Files.isRegularFile(apiTokens) || !Files.isReadable(apiTokens))) {
            return Optional.of("--api-tokens must name a readable file, was \"" + apiTokens + "\"");
        }
        try {
            InetAddress.getByName(httpBind);
        } catch (UnknownHostException e) {
            return Optional.of("--http-bind must be an address of this machine, e.g. 127.0.0.1 or 0.0.0.0, was \""
                    + httpBind + "\"");
        }
        return Optional.empty();
    }

    /** The stack these options describe, with {@code overrides} (e.g. the tokens file) applied last. */
    EmbeddedStack.Options options(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        if (bindingsFile != null) {
            overrides.put("rpm.gateway.bindings-file", bindingsFile);
        }
        if (rulesFile != null) {
            overrides.put("rpm.processor.rules-file", rulesFile);
        }
        if (apiTokens != null) {
            overrides.put(AlertConfig.API_TOKENS_FILE, apiTokens.toString());
        }
        overrides.putAll(extra);
        return new EmbeddedStack.Options(mqttPort, mqttBind, kafkaPort, httpPort, gatewayHttpPort,
                processorHttpPort, httpBind, overrides);
    }

    @Override
    @SuppressWarnings("try") // the alert printer only has to run while the stack does
    public Integer call() throws InterruptedException {
        Optional<String> invalid = invalidOption();
        if (invalid.isPresent()) {
            System.err.println("invalid option: " + invalid.get());
            return 2;
        }
        GeneratedToken generated = apiTokens == null ? GeneratedToken.create() : null;
        EmbeddedStack.Options options = options(generated == null ? Map.of()
                : Map.of(AlertConfig.API_TOKENS_FILE, generated.file().toString()));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: the hook wakes the main thread, which closes the stack, and waits until it has.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rpm-stack-shutdown"));
        try (EmbeddedStack stack = EmbeddedStack.start(options, List.of(), Duration.ofSeconds(90));
                AlertPrinter alerts = new AlertPrinter(stack.bootstrapServers(), out)) {
            String http = "http://" + (httpBind.equals("0.0.0.0") ? EmbeddedStack.LOOPBACK : httpBind);
            out.println("rpm stack is running (Ctrl-C stops it)");
            out.printf("  MQTT           tcp://%s:%d   publish to rpm/v1/{deviceId}/vitals%n", mqttBind,
                    stack.mqttPort());
            out.printf("  Kafka          %s   topics rpm.readings, rpm.findings, rpm.alerts, ...%n",
                    stack.bootstrapServers());
            out.printf("  alert service  %s:%d   /alerts, /fhir (bearer token), /health/ready, /metrics%n", http,
                    stack.alerts().httpPort());
            out.printf("  console        %s:%d/   care-team console: sign in with an API token%n", http,
                    stack.alerts().httpPort());
            out.printf("  gateway        %s:%d   /health/ready, /metrics%n", http, stack.gateway().httpPort());
            out.printf("  processor      %s:%d   /health/ready, /metrics%n", http, stack.processor().httpPort());
            out.printf("  HTTP bound to  %s%s%n", httpBind, httpBind.equals(EmbeddedStack.LOOPBACK)
                    ? " (this machine only; --http-bind 0.0.0.0 opens it to the network)" : "");
            if (generated != null) {
                out.printf("  API token      %s   (role admin; also in %s, readable by you only; "
                        + "--api-tokens FILE uses your own)%n", generated.token(), generated.file());
                out.printf("                 curl -H 'Authorization: Bearer %s' %s:%d/alerts%n", generated.token(),
                        http, stack.alerts().httpPort());
            } else {
                out.printf("  API tokens     %s%n", apiTokens);
            }
            out.println("register a device: see docs/contract.md (rpm.devices) or pass --bindings devices.csv");
            out.println("alerts are printed here as they open, change severity, are acknowledged or resolved");
            stop.await();
            out.println("stopping...");
        } catch (ConfigException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            return 2;
        } finally {
            if (generated != null) {
                generated.close();
            }
            closed.countDown();
        }
        return 0;
    }
}
