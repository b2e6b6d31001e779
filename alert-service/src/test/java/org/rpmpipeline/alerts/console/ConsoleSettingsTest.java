package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

class ConsoleSettingsTest {
    @Test
    void defaults() {
        ConsoleSettings settings = ConsoleSettings.defaults();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.sessionMaxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(settings.secureCookie()).isFalse();
        assertThat(settings.zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void keysAreReadAndBadValuesNameTheirKey() {
        ConsoleSettings settings = ConsoleSettings.from(Settings.of(Map.of("rpm.alerts.console.enabled", "false",
                "rpm.alerts.console.time-zone", "Europe/London", "rpm.alerts.console.secure-cookie", "true")));
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.secureCookie()).isTrue();
        assertThat(settings.zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThatThrownBy(() -> ConsoleSettings.from(Settings.of(Map.of("rpm.alerts.console.time-zone", "Mars/Base"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_CONSOLE_TIME_ZONE");
        assertThatThrownBy(() -> ConsoleSettings.from(Settings.of(Map.of(
                "rpm.alerts.console.session-idle-timeout", "2h", "rpm.alerts.console.session-max-age", "1h"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_CONSOLE_SESSION_MAX_AGE");
        assertThatThrownBy(() -> ConsoleSettings.from(Settings.of(Map.of("rpm.alerts.console.max-sessions", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_CONSOLE_MAX_SESSIONS");
    }
}
