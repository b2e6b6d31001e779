package org.rpmpipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.embedded.FreePort;
import picocli.CommandLine;

/** Bad flags and files: one line naming the flag or the file and line, exit status 2. */
class BacktestMainTest {
    @TempDir
    Path dir;

    private String err;
    private String out;

    private int run(Map<String, String> settings, String... args) {
        StringWriter errors = new StringWriter();
        StringWriter output = new StringWriter();
        CommandLine cli = new CommandLine(new BacktestMain(Settings.of(settings),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC)));
        cli.setParameterExceptionHandler(BacktestMain.oneLineErrors(cli.getParameterExceptionHandler()));
        cli.setErr(new PrintWriter(errors));
        cli.setOut(new PrintWriter(output));
        int exit = cli.execute(args);
        err = errors.toString();
        out = output.toString();
        return exit;
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private Path rules() throws Exception {
        return Files.writeString(dir.resolve("rules.yaml"), BundledRules.yaml());
    }

    @Test
    void theCandidateRulesAreRequired() {
        assertThat(run("--from", "7d")).isEqualTo(2);
        assertThat(err).isEqualTo("backtest: --rules: the candidate rules file is required" + System.lineSeparator());
    }

    @Test
    void anUnknownFlagIsOneLine() {
        assertThat(run("--rules", "x.yaml", "--form", "7d")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("backtest: ").contains("--form");
    }

    @Test
    void aFlagWithoutItsValueIsOneLine() {
        assertThat(run("--rules")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("--rules");
    }

    @Test
    void aBadTimeNamesTheFlag() throws Exception {
        assertThat(run("--rules", rules().toString(), "--from", "yesterday")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("backtest: --from: ").contains("yesterday");
    }

    @Test
    void aBadRulesFileNamesFileAndLine() throws Exception {
        Path rules = rules();
        Files.writeString(rules, Files.readString(rules).replaceFirst("severity: high", "severity: urgent"));

        assertThat(run("--rules", rules.toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("backtest: " + rules + ":")
                .contains("rule spo2-low: bands[0].severity");
    }

    @Test
    void aBadPatientsFileNamesFileAndLine() throws Exception {
        Path patients = Files.writeString(dir.resolve("patients.txt"), "pat-1\nsmith, john\n");

        assertThat(run("--rules", rules().toString(), "--patients", patients.toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("backtest: " + patients + ":2: ");
    }

    @Test
    void aBadSettingNamesItsKey() throws Exception {
        assertThat(run(Map.of("RPM_BACKTEST_SILENCE_CHECK_INTERVAL", "0s"), "--rules", rules().toString()))
                .isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("RPM_BACKTEST_SILENCE_CHECK_INTERVAL");
    }

    @Test
    void anOutputPathThatCannotBeWrittenIsABadFlag() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        assertThat(run("--rules", rules().toString(), "--out", file.resolve("report").toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("backtest: --out: ");
    }

    @Test
    @Timeout(60)
    void anUnreachableKafkaFailsWithStatusOne() throws Exception {
        int exit = run(Map.of("RPM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + FreePort.pick(),
                "RPM_BACKTEST_KAFKA_TIMEOUT", "2s", "RPM_BACKTEST_STATE_DIR", dir.resolve("state").toString()),
                "--rules", rules().toString(), "--out", dir.resolve("out").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err).startsWith("backtest failed: ");
        assertThat(out).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
