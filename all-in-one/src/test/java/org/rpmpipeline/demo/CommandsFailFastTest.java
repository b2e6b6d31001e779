package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;

/**
 * Every {@code ./rpm} command refuses a bad flag, port, key or file at once: exit code 2, one line per problem on
 * standard error naming the flag, key or {@code file:line}, no stack trace, and nothing started. For the stack and
 * the demo, nothing started means nothing printed on standard output: their first output is the progress line
 * printed before the first broker starts. For the services, it means their Kafka (a plain socket standing in for
 * it) saw no connection.
 */
class CommandsFailFastTest {
    /** Free ports for everything the stack listens on, so only the mistake under test can fail it. */
    private static final String[] FREE = {"--mqtt-port", "0", "--kafka-port", "0", "--http-port", "0",
            "--gateway-http-port", "0", "--processor-http-port", "0"};

    @TempDir
    Path dir;

    private final List<ServerSocket> sockets = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void closeSockets() throws Exception {
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }

    // ---- stack

    @Test
    void stack_portOutOfRange() {
        assertRefused(run(Map.of(), "stack", "--mqtt-port", "99999"), "stack: ", "--mqtt-port", "99999");
    }

    @Test
    void stack_negativeHttpPort() {
        assertRefused(run(Map.of(), "stack", "--http-port", "-5"), "--http-port", "\"-5\"");
    }

    @Test
    void stack_mqttPortInUse() throws Exception {
        int taken = listening().getLocalPort();

        assertRefused(run(Map.of(), with(FREE, "--mqtt-port", String.valueOf(taken))),
                "--mqtt-port " + taken + " is already in use on 127.0.0.1");
    }

    @Test
    void stack_httpPortFromTheEnvironmentInUse_namesTheKey() throws Exception {
        int taken = listening().getLocalPort();

        assertRefused(run(Map.of("RPM_ALERTS_HTTP_PORT", String.valueOf(taken)), "stack", "--mqtt-port", "0",
                "--kafka-port", "0", "--gateway-http-port", "0", "--processor-http-port", "0"),
                "RPM_ALERTS_HTTP_PORT (rpm.alerts.http-port) " + taken + " is already in use");
    }

    @Test
    void stack_badKeyInTheEnvironment_namesTheKey() {
        assertRefused(run(Map.of("RPM_ALERTS_RETRY_BACKOFF", "soon"), with(FREE)), "RPM_ALERTS_RETRY_BACKOFF",
                "\"soon\"");
    }

    @Test
    void stack_bindingsFile_everyBadLineAtOnce() throws Exception {
        Path bindings = Files.writeString(dir.resolve("devices.csv"), """
                deviceId,patientId,validFrom
                ox 1,patient-1,
                ox-2,patient-2,
                ox-3,,
                ox-4,patient-4,yesterday
                """);

        Result result = run(Map.of(), with(FREE, "--bindings", bindings.toString()));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).as("nothing started").isEmpty();
        assertThat(result.err()).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain("\tat "));
        assertThat(result.err()).extracting(line -> where(line, "rpm stack: "))
                .containsExactly(bindings + ":2", bindings + ":4", bindings + ":5");
    }

    @Test
    void stack_rulesFile_everyProblemWithItsLine() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES_WITH_TWO_TYPOS);

        Result result = run(Map.of(), with(FREE, "--rules", rules.toString()));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).containsExactly(
                "rpm stack: " + rules + ":6: rule spo2-low: treshold: unknown field (known: [bands, description, id,"
                        + " kind, unit, version, vital])",
                "rpm stack: " + rules + ":10: rule spo2-low: bands[0].severity: must be one of [low, moderate, high,"
                        + " critical], was \"severe\"");
    }

    @Test
    void stack_missingRulesFile_namesTheFlag() {
        assertRefused(run(Map.of(), with(FREE, "--rules", dir.resolve("nope.yaml").toString())), "--rules",
                "must name a readable file");
    }

    @Test
    void stack_unknownFlag() {
        assertRefused(run(Map.of(), "stack", "--mqtt-prot", "1"), "--mqtt-prot");
    }

    @Test
    void stack_severalProblems_areAllReportedAtOnce() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES_WITH_TWO_TYPOS);

        Result result = run(Map.of("RPM_GATEWAY_MAX_AGE", "old"), with(FREE, "--rules", rules.toString()));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).hasSize(3).anySatisfy(line -> assertThat(line).contains("RPM_GATEWAY_MAX_AGE"));
    }

    @Test
    void stack_httpBindNotOfThisMachine_namesTheFlag() {
        assertRefused(run(Map.of(), with(FREE, "--http-bind", "nowhere.invalid")), "--http-bind",
                "must be an address of this machine", "\"nowhere.invalid\"");
    }

    @Test
    void stack_missingApiTokensFile_namesTheFlag() {
        assertRefused(run(Map.of(), with(FREE, "--api-tokens", dir.resolve("tokens.txt").toString())),
                "--api-tokens", "must name a readable file");
    }

    @Test
    void stack_missingApiTokensFileFromTheEnvironment_namesTheKey() {
        assertRefused(run(Map.of("RPM_ALERTS_API_TOKENS_FILE", dir.resolve("tokens.txt").toString()), with(FREE)),
                "RPM_ALERTS_API_TOKENS_FILE");
    }

    // ---- demo

    @Test
    void demo_portOutOfRange() {
        assertRefused(run(Map.of(), "demo", "--kafka-port", "70000"), "demo: ", "--kafka-port", "70000");
    }

    @Test
    void demo_unknownScenario_namesTheFlag() {
        assertRefused(run(Map.of(), "demo", "--scenario", "nope", "--mqtt-port", "0", "--kafka-port", "0",
                "--http-port", "0"), "--scenario (rpm.sim.scenario) must be one of", "\"nope\"");
    }

    @Test
    void demo_badDuration_namesTheFlag() {
        assertRefused(run(Map.of(), "demo", "--duration", "soon", "--mqtt-port", "0", "--kafka-port", "0",
                "--http-port", "0"), "--duration (rpm.sim.duration) must be a duration", "\"soon\"");
    }

    // ---- simulate

    @Test
    void simulate_badValue_namesTheKey() {
        assertRefused(run(Map.of(), "simulate", "--mqtt-url", "tcp://127.0.0.1:1", "--rate", "fast"),
                "simulate: RPM_SIM_RATE", "\"fast\"");
    }

    @Test
    void simulate_unknownFlag() {
        assertRefused(run(Map.of(), "simulate", "--mqtt-host", "x"), "--mqtt-host");
    }

    // ---- backtest

    @Test
    void backtest_unknownFlag() {
        assertRefused(run(Map.of(), "backtest", "--rules", "candidate.yaml", "--since", "30d"), "rpm backtest: ",
                "--since");
    }

    @Test
    void backtest_missingRulesFile_namesTheFlag() {
        assertRefused(run(Map.of(), "backtest", "--rules", dir.resolve("nope.yaml").toString()),
                "rpm backtest: --rules: ", "nope.yaml");
    }

    // ---- gateway, gateway register, gateway replay

    @Test
    void gateway_badBindingsFile_everyBadLine_beforeKafka() throws Exception {
        ServerSocket kafka = listening();
        Path bindings = Files.writeString(dir.resolve("devices.yaml"), """
                - deviceId: ox 1
                  patientId: patient-1
                - deviceId: ox-2
                """);

        Result result = run(Map.of("RPM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka.getLocalPort(),
                "RPM_GATEWAY_BINDINGS_FILE", bindings.toString(), "RPM_GATEWAY_HTTP_PORT", "0"), "gateway");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("rpm gateway: " + bindings));
        assertNoConnection(kafka);
    }

    @Test
    void gateway_httpPortInUse_namesTheKey_beforeKafka() throws Exception {
        ServerSocket kafka = listening();
        int taken = listening().getLocalPort();

        assertRefused(run(Map.of("RPM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka.getLocalPort(),
                "RPM_GATEWAY_HTTP_PORT", String.valueOf(taken)), "gateway"),
                "RPM_GATEWAY_HTTP_PORT (rpm.gateway.http-port) " + taken + " is already in use");
        assertNoConnection(kafka);
    }

    @Test
    void gateway_badKey_namesIt() {
        assertRefused(run(Map.of("RPM_MQTT_URL", "http://broker"), "gateway"), "RPM_MQTT_URL (rpm.mqtt.url)",
                "ssl or tcp");
    }

    @Test
    void gateway_unknownFlag() {
        assertRefused(run(Map.of(), "gateway", "--port", "1"), "--port");
    }

    @Test
    void gatewayRegister_badFile_everyBadLine_beforeKafka() throws Exception {
        ServerSocket kafka = listening();
        Path bindings = Files.writeString(dir.resolve("devices.csv"), "deviceId,patientId\nox 1,p-1\nox-2,\n");

        Result result = run(Map.of("RPM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka.getLocalPort()),
                "gateway", "register", bindings.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).extracting(line -> where(line, "rpm gateway register: "))
                .containsExactly(bindings + ":2", bindings + ":3");
        assertNoConnection(kafka);
    }

    @Test
    void gatewayRegister_missingFile() {
        assertRefused(run(Map.of(), "gateway", "register", dir.resolve("nope.csv").toString()), "nope.csv",
                "cannot be read");
    }

    @Test
    void gatewayReplay_badFlagValue() {
        assertRefused(run(Map.of(), "gateway", "replay", "--since", "yesterday"), "--since", "yesterday");
    }

    // ---- processor

    @Test
    void processor_badRulesFile_everyProblemWithItsLine_beforeKafka() throws Exception {
        ServerSocket kafka = listening();
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES_WITH_TWO_TYPOS);

        Result result = run(Map.of("RPM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka.getLocalPort(),
                "RPM_PROCESSOR_RULES_FILE", rules.toString(), "RPM_PROCESSOR_HTTP_PORT", "0"), "processor");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("rpm processor: "
                + rules + ":"));
        assertNoConnection(kafka);
    }

    @Test
    void processor_httpPortInUse_namesTheKey() throws Exception {
        int taken = listening().getLocalPort();

        assertRefused(run(Map.of("RPM_PROCESSOR_HTTP_PORT", String.valueOf(taken)), "processor"),
                "RPM_PROCESSOR_HTTP_PORT (rpm.processor.http-port) " + taken + " is already in use");
    }

    // ---- alerts

    @Test
    void alerts_negativeHttpPort() {
        assertRefused(run(Map.of(), "alerts", "--http-port", "-5"), "rpm.alerts.http-port", "\"-5\"");
    }

    @Test
    void alerts_webhookWithoutItsSecret_namesTheKey_beforeKafka() throws Exception {
        ServerSocket kafka = listening();

        assertRefused(run(Map.of("RPM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka.getLocalPort(),
                "RPM_ALERTS_WEBHOOK_URL", "http://127.0.0.1:1/hook", "RPM_ALERTS_HTTP_PORT", "0"), "alerts"),
                "RPM_ALERTS_WEBHOOK_SECRET_FILE");
        assertNoConnection(kafka);
    }

    // ---- helpers

    private static final String RULES_WITH_TWO_TYPOS = """
            rules:
              - id: spo2-low
                kind: threshold
                version: 1
                description: Oxygen saturation low
                treshold: 92
                vital: spo2
                unit: "%"
                bands:
                  - {severity: severe, operator: "<=", value: 92, source: "guideline x"}
            """;

    private record Result(int exit, String out, List<String> err) {
    }

    private Result run(Map<String, String> environment, String... args) {
        var cli = RpmCli.commandLine(Settings.of(environment));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString().lines().toList());
    }

    /** One line naming the problem, exit code 2, nothing started (see the class comment). */
    private static void assertRefused(Result result, String... expected) {
        assertThat(result.exit()).as(String.join("\n", result.err())).isEqualTo(2);
        assertThat(result.out()).as("nothing started").isEmpty();
        assertThat(result.err()).singleElement().asString().contains(expected).doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    /** The {@code file:line} a problem line names, after the command's prefix. */
    private static String where(String line, String prefix) {
        assertThat(line).startsWith(prefix);
        String rest = line.substring(prefix.length());
        return rest.substring(0, rest.indexOf(": "));
    }

    private static String[] with(String[] base, String... more) {
        List<String> args = new ArrayList<>(List.of("stack"));
        Map<String, String> pairs = new HashMap<>();
        for (int i = 0; i + 1 < more.length; i += 2) {
            pairs.put(more[i], more[i + 1]);
        }
        for (int i = 0; i < base.length; i += 2) {
            args.add(base[i]);
            args.add(pairs.getOrDefault(base[i], base[i + 1]));
            pairs.remove(base[i]);
        }
        pairs.forEach((flag, value) -> {
            args.add(flag);
            args.add(value);
        });
        return args.toArray(String[]::new);
    }

    private ServerSocket listening() throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        sockets.add(socket);
        return socket;
    }

    /** The socket standing in for Kafka has no connection waiting: the command never tried to reach Kafka. */
    private static void assertNoConnection(ServerSocket kafka) throws Exception {
        kafka.setSoTimeout(300);
        assertThatThrownBy(kafka::accept).as("a connection to Kafka").isInstanceOf(SocketTimeoutException.class);
    }
}
