package org.rpmpipeline.gateway.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.gateway.GatewayMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gateway replay}: re-publishes dead letters to MQTT once their cause is fixed. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-publish the gateway's dead letters from rpm.rejected to their original MQTT topics, so"
                + " the running gateways validate them again. Uses the gateway's MQTT and Kafka configuration"
                + " (RPM_MQTT_URL, RPM_KAFKA_BOOTSTRAP_SERVERS, ...).")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--reason", description = "only this reject reason (repeatable), e.g. UNKNOWN_DEVICE;"
            + " a batch matches if any of its items was rejected for it; default all")
    List<RejectReason> reasons = List.of();

    @Option(names = "--device", description = "only this device id")
    String deviceId;

    @Option(names = "--since", converter = InstantConverter.class,
            description = "only dead letters received at or after this ISO-8601 instant, e.g. 2026-01-31T08:00:00Z")
    Instant since;

    @Option(names = "--dry-run", description = "count what would be replayed, publish nothing")
    boolean dryRun;

    @ParentCommand
    GatewayMain gateway;

    /** An ISO-8601 instant, refused with an example rather than a parser's exception. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("must be an ISO-8601 instant such as 2026-01-31T08:00:00Z, was \""
                        + value + "\"");
            }
        }
    }

    @Override
    public Integer call() {
        GatewayConfig config = GatewayConfig.from(gateway.settings());
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
