package org.rpmpipeline.demo.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.topic.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the backlog of the stream processor and of the alert service's findings consumer once a second, as CSV
 * ({@code epoch_ms,processor,alerts}), until stopped: {@code bench/run-all} records it during each run to tell a
 * pipeline that keeps up from one whose backlog keeps growing.
 */
@Command(name = "lag-watch", mixinStandardHelpOptions = true,
        description = "Print the processor's and the alert service's consumer backlog once a second.")
public final class LagWatch implements Callable<Integer> {
    @Option(names = "--kafka-bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--interval", defaultValue = "1s", description = "Sampling interval (default ${DEFAULT-VALUE}).")
    String interval;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LagWatch()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration every = Settings.parseDuration(interval).orElseThrow(
                () -> new CommandLine.ParameterException(new CommandLine(this), "--interval: not a duration"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            GroupLag lag = new GroupLag(admin);
            out.println("epoch_ms,processor,alerts");
            while (!Thread.currentThread().isInterrupted()) {
                long started = System.currentTimeMillis();
                long processor = lag.of("rpm-stream-processor", List.of(Topics.READINGS.name()));
                long alerts = lag.of("rpm-alert-service-findings", List.of(Topics.FINDINGS.name()));
                out.println(started + "," + processor + "," + alerts);
                out.flush();
                Thread.sleep(Math.max(0, every.toMillis() - (System.currentTimeMillis() - started)));
            }
        }
        return 0;
    }
}
