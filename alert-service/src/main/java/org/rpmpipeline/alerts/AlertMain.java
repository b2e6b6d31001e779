package org.rpmpipeline.alerts;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Runs the alert service as its own process. Configuration comes from the environment (see README). */
@Command(name = "alert-service", mixinStandardHelpOptions = true,
        description = "Readings to FHIR Observations, findings to alerts and care-team notifications.")
public final class AlertMain implements Callable<Integer> {
    @Option(names = "--http-port", description = "overrides rpm.alerts.http-port")
    Integer httpPort;

    @Option(names = "--bootstrap-servers", description = "overrides rpm.kafka.bootstrap-servers")
    String bootstrapServers;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AlertMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        AlertConfig config;
        try {
            Settings settings = Settings.fromEnvironment();
            if (httpPort != null) {
                settings = settings.with(Map.of(AlertConfig.HTTP_PORT, httpPort.toString()));
            }
            if (bootstrapServers != null) {
                settings = settings.with(Map.of(AlertConfig.BOOTSTRAP_SERVERS, bootstrapServers));
            }
            config = AlertConfig.from(settings);
        } catch (ConfigException e) {
            Logger.error("invalid configuration: {}", e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AlertService service = new AlertService(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "rpm-alerts-shutdown"));
        service.start();
        stopped.await();
        return 0;
    }
}
