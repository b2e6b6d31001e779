package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.cli.CommandFailures;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.sim.scenario.Scenarios;
import picocli.CommandLine;

class SimulatorMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CommandFailures.install(new CommandLine(new SimulatorMain(Settings.of(Map.of()))));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void help_showsEveryDefaultAndTheScenarioNames() {
        assertThat(run("--help")).isZero();

        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("default " + SimulatorConfig.DEFAULT_MQTT_URL, "default 60s", "default demo",
                "default rpm-sim", "default json", "RPM_CONFIG_FILE");
        for (String name : Scenarios.names()) {
            assertThat(help).contains(name);
        }
    }

    @Test
    void helpDefaults_areTheDefaultsTheSimulatorRunsWith() {
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of()));

        assertThat(config.mqttUrl()).hasToString(SimulatorConfig.DEFAULT_MQTT_URL);
        assertThat(config.duration()).hasSeconds(60);
        assertThat(config.seed()).isEqualTo(Long.parseLong(SimulatorConfig.DEFAULT_SEED));
        assertThat(config.clientId()).isEqualTo(SimulatorConfig.DEFAULT_CLIENT_ID);
        assertThat(config.scenario()).isEqualTo(Scenarios.DEMO);
    }

    @Test
    void badValue_isOneLineNamingTheKey_exit2_beforeConnecting() {
        int exit = run("--mqtt-url", "tcp://127.0.0.1:1", "--duration", "forever");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("simulate: RPM_SIM_DURATION (rpm.sim.duration) must be a duration such as 500ms, 30s, "
                        + "5m, 2h, 1d or PT5M, was \"forever\"");
    }

    @Test
    void unknownScenario_namesTheChoices() {
        assertThat(run("--scenario", "nope")).isEqualTo(2);

        assertThat(err.toString().lines()).singleElement().asString().contains("RPM_SIM_SCENARIO")
                .contains(Scenarios.DEMO).contains("\"nope\"");
    }

    @Test
    void unknownFlag_isOneLine_exit2() {
        assertThat(run("--duratoin", "5s")).isEqualTo(2);

        assertThat(err.toString().lines()).singleElement().asString().startsWith("simulate: Unknown option")
                .contains("--duratoin");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    @Timeout(60)
    void publishHistory_withKafkaRefusing_failsAtOnceNamingTheFlagAndTheReason() throws Exception {
        int closed = closedPort();

        int exit = run("--publish-history", "--kafka-bootstrap-servers", "127.0.0.1:" + closed, "--duration", "1h");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("simulate: cannot reach Kafka 127.0.0.1:" + closed + " (--kafka-bootstrap-servers, "
                        + "rpm.kafka.bootstrap-servers): cannot connect to 127.0.0.1:" + closed)
                .containsIgnoringCase("connection refused");
    }

    @Test
    @Timeout(60)
    void verify_withKafkaRefusing_failsBeforeConnectingToMqtt() throws Exception {
        int closed = closedPort();

        int exit = run("--verify", "--kafka-bootstrap-servers", "127.0.0.1:" + closed, "--mqtt-url",
                "tcp://127.0.0.1:" + closedPort());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .contains("cannot reach Kafka 127.0.0.1:" + closed).doesNotContain("MQTT");
    }
}
