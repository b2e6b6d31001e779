package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StackCommandTest {

    @Test
    void byDefault_everyHttpServerIsOnLoopback_andNoTokensFileIsGiven() {
        StackCommand command = parse();
        EmbeddedStack.Options options = command.options(Map.of());

        assertThat(options.httpBind()).isEqualTo("127.0.0.1");
        assertThat(options.mqttBind()).isEqualTo("127.0.0.1");
        assertThat(options.overrides()).doesNotContainKey("rpm.alerts.api.tokens-file");
        assertThat(command.invalidOption()).isEmpty();
    }

    @Test
    void httpBindAndTokensFile_reachTheServices(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "t-1 admin ops\n");
        EmbeddedStack.Options options = parse("--http-bind", "0.0.0.0", "--api-tokens", tokens.toString())
                .options(Map.of());

        assertThat(options.httpBind()).isEqualTo("0.0.0.0");
        assertThat(options.overrides()).containsEntry("rpm.alerts.api.tokens-file", tokens.toString());
    }

    @Test
    void missingTokensFileOrBadAddress_isRefusedNamingTheOption() {
        assertThat(parse("--api-tokens", "/no/such/tokens").invalidOption())
                .hasValueSatisfying(message -> assertThat(message).startsWith("--api-tokens"));
        assertThat(parse("--http-bind", "not an address").invalidOption())
                .hasValueSatisfying(message -> assertThat(message).startsWith("--http-bind"));
    }

    private static StackCommand parse(String... args) {
        StackCommand command = new StackCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
