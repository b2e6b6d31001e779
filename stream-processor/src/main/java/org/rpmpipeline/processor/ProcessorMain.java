package org.rpmpipeline.processor;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rpmpipeline.contract.cli.CommandFailures;
import org.rpmpipeline.contract.cli.PortCheck;
import org.rpmpipeline.contract.config.Settings;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Standalone entry point: configuration from the environment, runs until the process is stopped. Everything it
 * can check before touching Kafka (every key, the rules file, the HTTP port) is checked first: a problem stops it
 * at once with one line per problem and exit code 2 ({@link CommandFailures}).
 */
@Command(name = "stream-processor", mixinStandardHelpOptions = true,
        description = {"Evaluates clinical rules on rpm.readings and writes rpm.findings until stopped.",
                "Configured by environment variables (RPM_KAFKA_BOOTSTRAP_SERVERS, RPM_PROCESSOR_RULES_FILE, ...), "
                        + "-Drpm.* system properties or a properties file named by RPM_CONFIG_FILE; "
                        + "stream-processor/README.md lists every key.",
                "Health on http://127.0.0.1:8082/health/ready unless RPM_PROCESSOR_HTTP_PORT/_BIND say otherwise."})
public final class ProcessorMain implements Callable<Integer> {
    private final Settings base;

    /** The command over the process's settings. */
    public ProcessorMain() {
        this(null);
    }

    /** The command over {@code base} settings ({@code null}: the process's environment). */
    public ProcessorMain(Settings base) {
        this.base = base;
    }

    public static void main(String[] args) {
        System.exit(CommandFailures.install(new CommandLine(new ProcessorMain())).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ProcessorConfig config = ProcessorConfig.from(base != null ? base : Settings.fromEnvironment());
        Processor processor = Processor.create(config);
        new PortCheck().port(Settings.describe(ProcessorConfig.HTTP_PORT), config.http().bind(), config.http().port())
                .requireFree();
        Logger.info("starting with {}", config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close();
            stopped.countDown();
        }, "processor-shutdown"));
        processor.start();
        if (stopped.getCount() == 0) {
            return 0;
        }
        Logger.info("stream processor running [health: {}, kafka: {}]; ready once Kafka Streams is RUNNING",
                config.http().enabled() ? config.http().localBaseUrl(processor.httpPort()) + "/health/ready" : "none",
                config.bootstrapServers());
        stopped.await();
        return 0;
    }
}
