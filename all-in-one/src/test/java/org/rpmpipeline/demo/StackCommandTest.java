package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.WebhookSettings;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.processor.ProcessorConfig;
import org.rpmpipeline.sim.SimulatorConfig;
import picocli.CommandLine;

class StackCommandTest {
    @TempDir
    Path dir;

    @Test
    void byDefault_everyHttpServerIsOnLoopback_andNoTokensFileIsGiven() {
        EmbeddedStack.Options options = parse(Map.of()).options(Map.of());
        Settings settings = servicesSettings(options);

        assertThat(options.mqttBind()).isEqualTo("127.0.0.1");
        for (String key : List.of(AlertConfig.HTTP_BIND, GatewayConfig.HTTP_BIND, ProcessorConfig.HTTP_BIND)) {
            assertThat(settings.string(key, null)).isEqualTo("127.0.0.1");
        }
        assertThat(settings.raw(AlertConfig.API_TOKENS_FILE)).isEmpty();
        assertThat(settings.string(AlertConfig.HTTP_PORT, null)).isEqualTo("8080");
    }

    @Test
    void httpBindAndTokensFile_reachTheServices() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "t-1 admin ops\n");
        Settings settings = servicesSettings(parse(Map.of(), "--http-bind", "0.0.0.0", "--api-tokens",
                tokens.toString()).options(Map.of()));

        assertThat(settings.string(GatewayConfig.HTTP_BIND, null)).isEqualTo("0.0.0.0");
        assertThat(settings.string(AlertConfig.API_TOKENS_FILE, null)).isEqualTo(tokens.toString());
    }

    @Test
    void environmentKeys_reachTheServices_webhookAndSampledDataAmongThem() throws Exception {
        Path secret = Files.writeString(dir.resolve("webhook-secret"), "0123456789abcdef0123456789abcdef\n");
        Map<String, String> environment = Map.of(
                "RPM_ALERTS_CHANNELS", "console,webhook",
                "RPM_ALERTS_WEBHOOK_URL", "http://127.0.0.1:9999/care-team",
                "RPM_ALERTS_WEBHOOK_SECRET_FILE", secret.toString(),
                "RPM_ALERTS_FHIR_SAMPLED_DATA_HEART_RATE", "1m",
                "RPM_KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092");

        Settings settings = servicesSettings(parse(environment).options(Map.of()));
        AlertConfig alerts = AlertConfig.from(settings);

        assertThat(alerts.channels()).containsExactly("console", "webhook");
        assertThat(alerts.webhook()).hasValueSatisfying(webhook -> assertThat(webhook.url())
                .hasToString("http://127.0.0.1:9999/care-team"));
        assertThat(alerts.fhir().sampledData().periodOf(VitalType.HEART_RATE)).hasValue(java.time.Duration
                .ofMinutes(1));
        assertThat(alerts.bootstrapServers()).as("the stack's own Kafka, not the environment's")
                .isEqualTo("localhost:19092");
    }

    @Test
    void theProcessorRunsAStreamThreadPerReadingsPartition_unlessConfigured() {
        Settings byDefault = servicesSettings(parse(Map.of()).options(Map.of()));
        Settings configured = servicesSettings(parse(Map.of("RPM_PROCESSOR_STREAM_THREADS", "2")).options(Map.of()));

        assertThat(ProcessorConfig.from(byDefault).streamThreads()).isEqualTo(3).isEqualTo(
                EmbeddedStack.STACK_PARTITIONS);
        assertThat(ProcessorConfig.from(configured).streamThreads()).isEqualTo(2);
    }

    @Test
    void aKeyThatIsSet_winsOverTheFlagsDefault_butAGivenFlagWinsOverTheKey() {
        Map<String, String> environment = Map.of("RPM_ALERTS_HTTP_PORT", "9000", "rpm.gateway.http-bind", "0.0.0.0");

        Settings keyWins = servicesSettings(parse(environment).options(Map.of()));
        Settings flagWins = servicesSettings(parse(environment, "--http-port", "7000", "--http-bind", "127.0.0.1")
                .options(Map.of()));

        assertThat(keyWins.string(AlertConfig.HTTP_PORT, null)).isEqualTo("9000");
        assertThat(keyWins.string(GatewayConfig.HTTP_BIND, null)).isEqualTo("0.0.0.0");
        assertThat(keyWins.string(ProcessorConfig.HTTP_BIND, null)).isEqualTo("127.0.0.1");
        assertThat(flagWins.string(AlertConfig.HTTP_PORT, null)).isEqualTo("7000");
        assertThat(flagWins.string(GatewayConfig.HTTP_BIND, null)).isEqualTo("127.0.0.1");
    }

    @Test
    void theConfigFileAndSystemProperties_reachTheServices_beneathTheFlags() throws Exception {
        Path file = Files.writeString(dir.resolve("rpm.properties"), String.join("\n",
                AlertConfig.CHANNELS + "=console,webhook",
                AlertConfig.HTTP_PORT + "=9100",
                GatewayConfig.CLIENT_ID + "=from-file",
                SimulatorConfig.SEED + "=11", ""));
        System.setProperty(Settings.CONFIG_FILE_KEY, file.toString());
        System.setProperty(GatewayConfig.CLIENT_ID, "from-property");
        try {
            StackCommand stack = new StackCommand();
            new CommandLine(stack).parseArgs("--http-port", "7000");
            Settings stackSettings = servicesSettings(stack.options(Map.of()));
            DemoCommand demo = new DemoCommand();
            new CommandLine(demo).parseArgs("--http-port", "0", "--seed", "5");
            Settings demoSettings = demo.options().base();

            for (Settings settings : List.of(stackSettings, demoSettings)) {
                assertThat(settings.string(AlertConfig.CHANNELS, null)).as("from the file").isEqualTo("console,webhook");
                assertThat(settings.string(GatewayConfig.CLIENT_ID, null)).as("a property over the file")
                        .isEqualTo("from-property");
            }
            assertThat(stackSettings.string(AlertConfig.HTTP_PORT, null)).as("the flag over the file")
                    .isEqualTo("7000");
            assertThat(demoSettings.string(AlertConfig.HTTP_PORT, null)).isEqualTo("0");
            assertThat(demoSettings.string(SimulatorConfig.SEED, null)).isEqualTo("5");
        } finally {
            System.clearProperty(Settings.CONFIG_FILE_KEY);
            System.clearProperty(GatewayConfig.CLIENT_ID);
        }
    }

    @Test
    void demo_aKeyThatIsSet_winsOverTheFlagsDefault() {
        DemoCommand demo = new DemoCommand(Settings.of(Map.of("RPM_SIM_SEED", "9", "RPM_ALERTS_WEBHOOK_URL",
                "http://127.0.0.1:9999/hook")));
        new CommandLine(demo).parseArgs();

        Settings settings = demo.options().base();

        assertThat(settings.string(SimulatorConfig.SEED, null)).isEqualTo("9");
        assertThat(settings.string(WebhookSettings.URL, null)).isEqualTo("http://127.0.0.1:9999/hook");
    }

    @Test
    void everyFlagWithAKey_isInTheRootReadmesTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        StackCommand.KEYS.keysByFlag().forEach((flag, keys) -> keys.forEach(key -> assertThat(readme)
                .as("README row for %s", flag).containsPattern("\\| `" + flag + "[^|]*\\|[^|\\n]*`" + key + "`")));
        DemoCommand.KEYS.keysByFlag().forEach((flag, keys) -> keys.forEach(key -> assertThat(readme)
                .as("README row for %s", flag).containsPattern("\\| `" + flag + "[^|]*\\|[^|\\n]*`" + key + "`")));
    }

    /** What the services of a stack with these options read, its Kafka on 19092. */
    private static Settings servicesSettings(EmbeddedStack.Options options) {
        return EmbeddedStack.settings(options, "localhost:19092", "tcp://127.0.0.1:11883", "/tmp/state");
    }

    private static StackCommand parse(Map<String, String> environment, String... args) {
        StackCommand command = new StackCommand(Settings.of(environment));
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
