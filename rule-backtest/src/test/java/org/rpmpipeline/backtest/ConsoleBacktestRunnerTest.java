package org.rpmpipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.console.BacktestRunner;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.contract.config.Settings;

/** The console's backtest checks its form as the command checks its flags, with the command's messages. */
class ConsoleBacktestRunnerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final ConsoleBacktestRunner runner = new ConsoleBacktestRunner(BacktestConfig.from(Settings.of(Map.of(
            "rpm.kafka.bootstrap-servers", "127.0.0.1:1"))), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aValidForm_isPrepared_withTheCandidatesDigest_andTheWindow() throws Exception {
        byte[] rules = BundledRules.yaml().getBytes(StandardCharsets.UTF_8);

        BacktestRunner.Prepared prepared = runner.prepare(new BacktestRunner.Request("candidate.yaml", rules, "2d",
                "", "p-1\n# a comment\np-2\n"));

        assertThat(prepared.candidate()).isEqualTo("candidate.yaml");
        assertThat(prepared.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(rules)));
        assertThat(prepared.scope()).isEqualTo("from 2026-11-29T12:00:00Z to 2026-12-01T12:00:00Z (warm-up 24 h), "
                + "against " + RulesFile.BUNDLED_NAME + ", 2 patient(s)");
    }

    @Test
    void badInput_isTheCommandsOneLineMessage() {
        assertThatThrownBy(() -> runner.prepare(new BacktestRunner.Request("candidate.yaml",
                "rules: [unclosed\n".getBytes(StandardCharsets.UTF_8), "", "", "")))
                .isInstanceOf(BacktestRunner.Invalid.class).hasMessageStartingWith("candidate.yaml:2: not valid YAML");
        assertThatThrownBy(() -> runner.prepare(new BacktestRunner.Request("candidate.yaml",
                BundledRules.with("value: 92", "value: ninety-two").getBytes(StandardCharsets.UTF_8), "", "", "")))
                .isInstanceOf(BacktestRunner.Invalid.class).hasMessageStartingWith("candidate.yaml:");
        assertThatThrownBy(() -> runner.prepare(new BacktestRunner.Request("candidate.yaml",
                BundledRules.yaml().getBytes(StandardCharsets.UTF_8), "last month", "", "")))
                .isInstanceOf(BacktestRunner.Invalid.class).hasMessageStartingWith("--from: must be a duration");
        assertThatThrownBy(() -> runner.prepare(new BacktestRunner.Request("candidate.yaml",
                BundledRules.yaml().getBytes(StandardCharsets.UTF_8), "", "", "p 1\n")))
                .isInstanceOf(BacktestRunner.Invalid.class)
                .hasMessage("patients:1: not an opaque patient id (letters, digits and . _ : - only, at most 128 "
                        + "characters)");
        assertThatThrownBy(() -> runner.prepare(new BacktestRunner.Request("candidate.yaml",
                new byte[] {(byte) 0xff, 0x0a}, "", "", "")))
                .isInstanceOf(BacktestRunner.Invalid.class).hasMessage("rules: candidate.yaml is not UTF-8 text");
    }
}
