package org.rpmpipeline.processor;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.processor.rules.RuleSetException;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Standalone entry point: configuration from the environment, runs until the process is stopped. */
@Command(name = "stream-processor", mixinStandardHelpOptions = true,
        description = "Evaluates clinical rules on rpm.readings and writes rpm.findings. "
                + "Configured with RPM_* environment variables or -Drpm.* properties (see README).")
public final class ProcessorMain implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProcessorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ProcessorConfig config;
        Processor processor;
        try {
            config = ProcessorConfig.from(Settings.fromEnvironment());
            processor = Processor.create(config);
        } catch (ConfigException | RuleSetException e) {
            Logger.error("cannot start: {}", e.getMessage());
            return 2;
        }
        Logger.info("starting with {}", config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close();
            stopped.countDown();
        }, "processor-shutdown"));
        processor.start();
        stopped.await();
        return 0;
    }
}
