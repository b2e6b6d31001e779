package org.rpmpipeline.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rpm stack}: the embedded brokers and the three services on fixed, documented ports, without a
 * simulator, until Ctrl-C. Any MQTT or Kafka client on this machine (mosquitto_pub, kcat, a real hub) can be
 * pointed at it.
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

    @Option(names = "--bindings", description = "Device bindings file (CSV or YAML) loaded at start.")
    String bindingsFile;

    @Option(names = "--rules", description = "Rules file for the stream processor (default: the bundled rules).")
    String rulesFile;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        if (bindingsFile != null) {
            overrides.put("rpm.gateway.bindings-file", bindingsFile);
        }
        if (rulesFile != null) {
            overrides.put("rpm.processor.rules-file", rulesFile);
        }
        EmbeddedStack.Options options = new EmbeddedStack.Options(mqttPort, mqttBind, kafkaPort, httpPort,
                gatewayHttpPort, processorHttpPort, overrides);
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
        try (EmbeddedStack stack = EmbeddedStack.start(options, List.of(), Duration.ofSeconds(90))) {
            out.println("rpm stack is running (Ctrl-C stops it)");
            out.printf("  MQTT           tcp://%s:%d   publish to rpm/v1/{deviceId}/vitals%n", mqttBind,
                    stack.mqttPort());
            out.printf("  Kafka          %s   topics rpm.readings, rpm.findings, rpm.alerts, ...%n",
                    stack.bootstrapServers());
            out.printf("  alert service  http://localhost:%d   /alerts, /fhir, /health/ready, /metrics%n",
                    stack.alerts().httpPort());
            out.printf("  gateway        http://localhost:%d   /health/ready, /metrics%n",
                    stack.gateway().httpPort());
            out.printf("  processor      http://localhost:%d   /health/ready, /metrics%n",
                    stack.processor().httpPort());
            out.println("register a device: see docs/contract.md (rpm.devices) or pass --bindings devices.csv");
            stop.await();
            out.println("stopping...");
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
