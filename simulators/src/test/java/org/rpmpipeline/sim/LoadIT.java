package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import org.rpmpipeline.sim.load.LoadRun;
import org.rpmpipeline.sim.report.RunResult;

/**
 * The load mode against a real broker: 10,000 devices at 2,000 messages per second over 20 shared connections.
 * It checks what the run did, not how fast: the achieved rate and latencies are measured by {@code bench/run-all}
 * (docs/BENCHMARKS.md), where a shared machine's speed cannot fail a build.
 */
@Timeout(300)
class LoadIT {

    @Test
    void cohortOf10000Devices_publishesItsScheduleOverSharedConnectionsWithEveryPublishAcknowledged() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of(
                    "rpm.mqtt.url", broker.url(),
                    "rpm.sim.scenario", "stable",
                    "rpm.sim.patients", "2500",
                    "rpm.sim.rate", "2000",
                    "rpm.sim.duration", "10s",
                    "rpm.sim.connections", "20",
                    "rpm.sim.client-id", "load-it")));
            StringWriter out = new StringWriter();

            RunResult result = new LoadRun(config, new PrintWriter(out)).run();

            assertThat(result.devices()).isEqualTo(10_000);
            assertThat(result.completed()).isTrue();
            assertThat(result.stats().published()).isBetween(19_000L, 21_000L);
            assertThat(result.stats().acknowledged()).isEqualTo(result.stats().published());
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("rpm-sim"))
                    .hasSizeLessThan(10);
        }
    }
}
