package org.rpmpipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

class WebhookSettingsTest {
    private static final byte[] KEY = "a-webhook-secret-of-some-length".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSecretFileHoldsTheKeyAsText(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hook"), "a-webhook-secret-of-some-length\n");

        assertThat(settings(file).secret()).isEqualTo(KEY);
    }

    @Test
    void aSecretFileMayHoldAStandardWebhooksSecret(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hook"), "whsec_" + Base64.getEncoder().encodeToString(KEY));

        assertThat(settings(file).secret()).isEqualTo(KEY);
    }

    @Test
    void aStandardWebhooksSecretThatIsNotBase64StopsStartupNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hook"), "whsec_not base64 at all!");

        assertThatThrownBy(() -> settings(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_ALERTS_WEBHOOK_SECRET_FILE").hasMessageContaining("base64")
                .hasMessageNotContaining("not base64 at all");
    }

    @Test
    void aDecodedKeyShorterThan16BytesIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hook"), "whsec_" + Base64.getEncoder().encodeToString(
                "short".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> settings(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_ALERTS_WEBHOOK_SECRET_FILE").hasMessageContaining("16 bytes");
    }

    private static WebhookSettings settings(Path secretFile) {
        return WebhookSettings.from(Settings.of(Map.of(WebhookSettings.URL, "https://hooks.example/x",
                WebhookSettings.SECRET_FILE, secretFile.toString())));
    }
}
