package org.rpmpipeline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

class HttpSettingsTest {

    @Test
    void defaults_bindToLoopbackWithTheServicesPortAndLimit() {
        HttpSettings settings = HttpSettings.from(Settings.of(Map.of()), "rpm.test", 8089, 4096);

        assertThat(settings.bind()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8089);
        assertThat(settings.maxRequestBytes()).isEqualTo(4096);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxConnections()).isEqualTo(HttpSettings.DEFAULT_MAX_CONNECTIONS);
        assertThat(settings.enabled()).isTrue();
    }

    @Test
    void everyKey_isReadUnderThePrefix() {
        HttpSettings settings = HttpSettings.from(Settings.of(Map.of(
                "rpm.test.http-port", "-1",
                "rpm.test.http-bind", "0.0.0.0",
                "rpm.test.http-max-request-bytes", "1048576",
                "rpm.test.http-idle-timeout", "2m",
                "rpm.test.http-header-timeout", "5s",
                "rpm.test.http-max-connections", "8")), "rpm.test", 8089, 4096);

        assertThat(settings).isEqualTo(new HttpSettings("0.0.0.0", -1, 1_048_576, Duration.ofMinutes(2),
                Duration.ofSeconds(5), 8));
        assertThat(settings.enabled()).isFalse();
    }

    @Test
    void badValues_nameTheirKey() {
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("rpm.test.http-bind", "no such host.invalid")),
                "rpm.test", 1, 1)).isInstanceOf(ConfigException.class).hasMessageContaining("rpm.test.http-bind");
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("rpm.test.http-max-request-bytes", "0")),
                "rpm.test", 1, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rpm.test.http-max-request-bytes");
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("rpm.test.http-header-timeout", "0s")),
                "rpm.test", 1, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rpm.test.http-header-timeout");
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("rpm.test.http-max-connections", "0")),
                "rpm.test", 1, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rpm.test.http-max-connections");
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("rpm.test.http-idle-timeout", "soon")),
                "rpm.test", 1, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rpm.test.http-idle-timeout");
    }

    @Test
    void localBaseUrl_isTheBindAddress_orLoopbackForTheWildcard() {
        assertThat(HttpSettings.loopback(0, 1).localBaseUrl(8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(new HttpSettings("0.0.0.0", 0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 256)
                .localBaseUrl(8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(new HttpSettings("::1", 0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 256)
                .localBaseUrl(8080)).isEqualTo("http://[0:0:0:0:0:0:0:1]:8080");
    }
}
