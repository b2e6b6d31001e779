package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import picocli.CommandLine;

@Timeout(180)
class SimulatorMainIT {

    @Test
    void simulate_againstABroker_printsTheSummaryTableAndExitsZero() {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new SimulatorMain(Settings.of(Map.of())));
            cli.setOut(new PrintWriter(out));

            int exit = cli.execute("--mqtt-url", broker.url(), "--scenario", "demo", "--duration", "8s",
                    "--speed", "4", "--seed", "3", "--client-id", "main-it");

            assertThat(exit).isZero();
            assertThat(out.toString()).contains("patient-0001", "patient-0002", "deteriorating", "total");
        }
    }

    @Test
    void simulate_exportBindings_writesTheGatewayCsvWithoutConnecting(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("bindings.csv");
        CommandLine cli = new CommandLine(new SimulatorMain(Settings.of(Map.of())));
        cli.setOut(new PrintWriter(new StringWriter()));

        int exit = cli.execute("--mqtt-url", "tcp://127.0.0.1:1", "--scenario", "cohort", "--patients", "3",
                "--export-bindings", file.toString());

        assertThat(exit).isZero();
        assertThat(java.nio.file.Files.readAllLines(file)).hasSize(13)
                .startsWith("deviceId,patientId,validFrom,validTo,kind")
                .contains("ox-00001,patient-00001,,,pulse-oximeter");
    }

    @Test
    void simulate_badOption_exitsTwoNamingTheKey() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulatorMain(Settings.of(Map.of())));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--duration", "forever");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("RPM_SIM_DURATION");
    }
}
