package org.rpmpipeline.contract.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void propertyAndEnvironmentSpellingsNameTheSameKey() {
        Settings fromEnv = Settings.of(Map.of("RPM_MQTT_URL", "tcp://broker:1883"));
        Settings fromProperty = Settings.of(Map.of("rpm.mqtt.url", "tcp://broker:1883"));

        assertThat(fromEnv.string("rpm.mqtt.url", null)).isEqualTo("tcp://broker:1883");
        assertThat(fromProperty.string("RPM_MQTT_URL", null)).isEqualTo("tcp://broker:1883");
    }

    @Test
    void missingRequiredKeyIsNamedInBothSpellings() {
        assertThatThrownBy(() -> Settings.of(Map.of()).requiredString("rpm.gateway.client-id"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("RPM_GATEWAY_CLIENT_ID (rpm.gateway.client-id) is required");
    }

    @Test
    void integerOutOfRangeNamesKeyRuleAndValue() {
        Settings settings = Settings.of(Map.of("RPM_GATEWAY_HTTP_PORT", "70000"));

        assertThatThrownBy(() -> settings.integer("rpm.gateway.http-port", 8081, -1, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_GATEWAY_HTTP_PORT").hasMessageContaining("between -1 and 65535")
                .hasMessageContaining("\"70000\"");
    }

    @Test
    void notANumberIsRejected() {
        assertThatThrownBy(() -> Settings.of(Map.of("RPM_X", "ten")).integer("rpm.x", 1, 0, 100))
                .hasMessageContaining("must be an integer");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        Settings settings = Settings.of(Map.of("A", "500ms", "B", "30s", "C", "5m", "D", "PT2H", "E", "1d"));

        assertThat(settings.duration("a", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.duration("b", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.duration("c", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.duration("d", null)).isEqualTo(Duration.ofHours(2));
        assertThat(settings.duration("e", null)).isEqualTo(Duration.ofDays(1));
        assertThat(settings.duration("f", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> Settings.of(Map.of("G", "soon")).duration("g", null))
                .hasMessageContaining("must be a duration");
    }

    @Test
    void uriSchemeIsChecked() {
        Settings settings = Settings.of(Map.of("RPM_MQTT_URL", "http://broker"));

        assertThat(Settings.of(Map.of()).uri("rpm.mqtt.url", "tcp://localhost:1883", Set.of("tcp", "ssl")))
                .isEqualTo(URI.create("tcp://localhost:1883"));
        assertThatThrownBy(() -> settings.uri("rpm.mqtt.url", null, Set.of("tcp", "ssl")))
                .hasMessageContaining("RPM_MQTT_URL").hasMessageContaining("scheme ssl or tcp")
                .hasMessageContaining("http://broker");
    }

    @Test
    void booleansAreStrict() {
        assertThat(Settings.of(Map.of("RPM_FLAG", "yes")).bool("rpm.flag", false)).isTrue();
        assertThatThrownBy(() -> Settings.of(Map.of("RPM_FLAG", "maybe")).bool("rpm.flag", false))
                .hasMessageContaining("must be true or false");
    }

    @Test
    void kafkaClientSettingsPassThroughFromEitherSpelling() {
        Settings settings = Settings.of(Map.of(
                "RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "KAFKA_HOME", "/opt/kafka",
                "RPM_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

        assertThat(settings.kafkaOverrides()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void blankValuesCountAsAbsent() {
        assertThat(Settings.of(Map.of("RPM_MQTT_URL", "  ")).raw("rpm.mqtt.url")).isEmpty();
    }

    @Test
    void laterOverridesWin() {
        Settings settings = Settings.of(Map.of("RPM_A", "1")).with(Map.of("rpm.a", "2"));

        assertThat(settings.string("rpm.a", null)).isEqualTo("2");
    }

    @Test
    void defaultsLieBeneathWhatIsSet() {
        Settings settings = Settings.of(Map.of("RPM_ALERTS_HTTP_PORT", "9000", "RPM_BLANK", " "))
                .withDefaults(Map.of("rpm.alerts.http-port", "8080", "rpm.gateway.http-port", "8081",
                        "rpm.blank", "filled"));

        assertThat(settings.string("rpm.alerts.http-port", null)).isEqualTo("9000");
        assertThat(settings.string("rpm.gateway.http-port", null)).isEqualTo("8081");
        assertThat(settings.string("rpm.blank", null)).isEqualTo("filled");
    }

    @Test
    void configErrorWithSeveralProblems_keepsEachAsALine() {
        ConfigException e = new ConfigException("invalid bindings in d.csv", java.util.List.of("d.csv:2: a",
                "d.csv:4: b"));

        assertThat(e.lines()).containsExactly("d.csv:2: a", "d.csv:4: b");
        assertThat(e.getMessage()).isEqualTo("invalid bindings in d.csv:\n  d.csv:2: a\n  d.csv:4: b");
        assertThat(new ConfigException("RPM_X (rpm.x) is required").lines())
                .containsExactly("RPM_X (rpm.x) is required");
    }
}
