package org.rpmpipeline.gateway.replay;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.gateway.GatewayConfig;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway replay}: re-publishes dead letters to MQTT once their cause is fixed. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-publish the gateway's dead letters from rpm.rejected to their original MQTT topics, so"
                + " the running gateways validate them again. Uses the gateway's MQTT and Kafka configuration.")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--reason", description = "only this reject reason (repeatable), e.g. UNKNOWN_DEVICE;"
            + " a batch matches if any of its items was rejected for it; default all")
    List<RejectReason> reasons = List.of();

    @Option(names = "--device", description = "only this device id")
    String deviceId;

    @Option(names = "--since", description = "only dead letters received at or after this ISO-8601 instant")
    Instant since;

    @Option(names = "--dry-run", description = "count what would be replayed, publish nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(Settings.fromEnvironment());
        } catch (ConfigException e) {
            Logger.error("invalid configuration: {}", e.getMessage());
            return 2;
        }
        Set<RejectReason> selected = reasons.isEmpty() ? Set.of() : EnumSet.copyOf(reasons);
        DeadLetterReplay.Result result = new DeadLetterReplay(config)
                .run(new DeadLetterReplay.Filter(selected, deviceId, since), dryRun);
        System.out.printf("scanned %d dead letters, %d matched, %d re-published%s%n", result.scanned(),
                result.matched(), result.republished(), dryRun ? " (dry run)" : "");
        if (result.notReplayable() > 0) {
            System.out.printf("%d matched dead letters cannot be replayed: they do not hold the whole message"
                    + " (payload cut past rpm.gateway.dead-letter.max-payload-bytes, or user properties over the"
                    + " limits):%n", result.notReplayable());
            result.notReplayableExamples().forEach(line -> System.out.println("  " + line));
            if (result.notReplayable() > result.notReplayableExamples().size()) {
                System.out.printf("  ... and %d more%n",
                        result.notReplayable() - result.notReplayableExamples().size());
            }
        }
        return 0;
    }
}
