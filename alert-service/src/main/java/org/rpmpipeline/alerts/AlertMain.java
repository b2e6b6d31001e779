package org.rpmpipeline.alerts;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rpmpipeline.contract.cli.CommandFailures;
import org.rpmpipeline.contract.cli.PortCheck;
import org.rpmpipeline.contract.config.Settings;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the alert service as its own process. Configuration comes from the environment (see README). Every key and
 * file it can check before touching Kafka is checked first: a problem stops it at once with one line per problem
 * and exit code 2 ({@link CommandFailures}).
 */
@Command(name = "alert-service", mixinStandardHelpOptions = true,
        description = {"Readings to FHIR Observations, findings to alerts and care-team notifications, and the "
                + "alert API. Runs until stopped.",
                "Configured by environment variables (RPM_KAFKA_BOOTSTRAP_SERVERS, RPM_ALERTS_CHANNELS, "
                        + "RPM_ALERTS_API_TOKENS_FILE, ...), -Drpm.* system properties or a properties file named by "
                        + "RPM_CONFIG_FILE; alert-service/README.md lists every key. The options below override "
                        + "their keys.",
                "API, FHIR and health on http://127.0.0.1:8080 unless RPM_ALERTS_HTTP_PORT/_BIND say otherwise."})
public final class AlertMain implements Callable<Integer> {
    @Option(names = "--http-port", paramLabel = "PORT", description = "overrides rpm.alerts.http-port")
    Integer httpPort;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "overrides rpm.kafka.bootstrap-servers")
    String bootstrapServers;

    private final Settings base;

    /** The command over the process's settings. */
    public AlertMain() {
        this(null);
    }

    /** The command over {@code base} settings ({@code null}: the process's environment). */
    public AlertMain(Settings base) {
        this.base = base;
    }

    public static void main(String[] args) {
        System.exit(CommandFailures.install(new CommandLine(new AlertMain())).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        if (httpPort != null) {
            overrides.put(AlertConfig.HTTP_PORT, httpPort.toString());
        }
        if (bootstrapServers != null) {
            overrides.put(AlertConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        AlertConfig config = AlertConfig.from((base != null ? base : Settings.fromEnvironment()).with(overrides));
        new PortCheck().port(httpPort != null ? "--http-port" : Settings.describe(AlertConfig.HTTP_PORT),
                config.http().bind(), config.http().port()).requireFree();
        CountDownLatch stopped = new CountDownLatch(1);
        AlertService service = new AlertService(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "rpm-alerts-shutdown"));
        try {
            service.start();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        if (stopped.getCount() == 0) {
            return 0;
        }
        Logger.info("alert service running [api: {}, kafka: {}]; ready once every consumer has joined its group",
                config.http().enabled() ? config.http().localBaseUrl(service.httpPort()) : "none",
                config.bootstrapServers());
        stopped.await();
        return 0;
    }
}
