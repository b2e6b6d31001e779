package org.rpmpipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.VitalType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

class AlertConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        AlertConfig config = AlertConfig.from(Settings.of(Map.of()));

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.groupId()).isEqualTo("rpm-alert-service");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.channels()).containsExactly("console");
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.kafkaOverrides()).isEmpty();
    }

    @Test
    void readsEnvironmentStyleKeysAndKafkaPassThrough() {
        AlertConfig config = AlertConfig.from(Settings.of(Map.of(
                "RPM_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "RPM_ALERTS_GROUP_ID", "alerts-a",
                "RPM_ALERTS_HTTP_PORT", "0",
                "rpm.alerts.retry-backoff", "2s",
                "RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL",
                "kafka.sasl.jaas.config", "secret-stuff")));

        assertThat(config.bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(config.groupId()).isEqualTo("alerts-a");
        assertThat(config.httpPort()).isZero();
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.kafkaOverrides()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "secret-stuff");
    }

    @Test
    void clinicalEndpointsAreClosedAndHttpOnLoopbackByDefault() {
        AlertConfig config = AlertConfig.from(Settings.of(Map.of()));

        assertThat(config.http().bind()).isEqualTo("127.0.0.1");
        assertThat(config.http().maxRequestBytes()).isEqualTo(AlertConfig.DEFAULT_MAX_REQUEST_BYTES);
        assertThat(config.anonymousRead()).isFalse();
        assertThat(config.apiAccess().closed()).isTrue();
        assertThat(config.toString()).contains("clinical endpoints closed");
    }

    @Test
    void anonymousReadAndHttpBindAreSettable() {
        AlertConfig config = AlertConfig.from(Settings.of(Map.of("RPM_ALERTS_API_ANONYMOUS_READ", "true",
                "RPM_ALERTS_HTTP_BIND", "0.0.0.0")));

        assertThat(config.anonymousRead()).isTrue();
        assertThat(config.http().bind()).isEqualTo("0.0.0.0");
        assertThat(config.apiAccess().closed()).isFalse();
    }

    @Test
    void anonymousReadWithATokensFile_stopsStartupNamingTheKey(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "t-1 viewer dash\n");

        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of(AlertConfig.API_TOKENS_FILE, tokens.toString(),
                AlertConfig.ANONYMOUS_READ, "true")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_ALERTS_API_ANONYMOUS_READ");
    }

    @Test
    void consumersAreDynamicMembersUnlessAnInstanceIdIsSet() {
        AlertConfig dynamic = AlertConfig.from(Settings.of(Map.of()));
        AlertConfig fixed = AlertConfig.from(Settings.of(Map.of(
                "RPM_ALERTS_INSTANCE_ID", "rpm-alert-service-7d9f-x2",
                "rpm.alerts.session-timeout", "30s")));

        assertThat(dynamic.membership().instanceId()).isEmpty();
        assertThat(dynamic.membership().sessionTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fixed.membership().instanceId()).contains("rpm-alert-service-7d9f-x2");
        assertThat(fixed.membership().sessionTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void toStringMasksSecrets() {
        AlertConfig config = AlertConfig.from(Settings.of(Map.of("kafka.sasl.jaas.config", "secret-stuff",
                "kafka.ssl.truststore.password", "hunter2")));

        assertThat(config.toString()).doesNotContain("secret-stuff", "hunter2").contains("sasl.jaas.config=****");
    }

    @Test
    void sampledDataIsOffByDefaultAndConfigurablePerVital() {
        assertThat(AlertConfig.from(Settings.of(Map.of())).fhir().sampledData().enabled()).isFalse();

        SampledDataSettings sampled = AlertConfig.from(Settings.of(Map.of(
                "rpm.alerts.fhir.sampled-data.spo2", "1m", "rpm.alerts.fhir.sampled-data.heart-rate", "0s",
                "rpm.alerts.fhir.sampled-data-slot", "500ms"))).fhir().sampledData();

        assertThat(sampled.periods()).containsExactly(Map.entry(VitalType.SPO2, Duration.ofMinutes(1)));
        assertThat(sampled.slot()).isEqualTo(Duration.ofMillis(500));
        assertThat(sampled.grace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void referenceRangesDefaultToTheCitedTableAndCanBeChangedPerVital() {
        assertThat(AlertConfig.from(Settings.of(Map.of())).fhir().referenceRanges().of(VitalType.SPO2))
                .hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo("92,96,,"));

        var ranges = AlertConfig.from(Settings.of(Map.of("rpm.alerts.fhir.reference-range.heart-rate", "40,50,100,",
                "rpm.alerts.fhir.reference-range.spo2", "off"))).fhir().referenceRanges();

        assertThat(ranges.of(VitalType.HEART_RATE)).hasValueSatisfying(r -> {
            assertThat(r.interpret(new java.math.BigDecimal("101"))).isEqualTo("H");
            assertThat(r.interpret(new java.math.BigDecimal("39"))).isEqualTo("LL");
        });
        assertThat(ranges.of(VitalType.SPO2)).isEmpty();
        assertThat(AlertConfig.from(Settings.of(Map.of("rpm.alerts.fhir.interpretation", "false"))).fhir()
                .referenceRanges().asMap()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "rpm.alerts.http-port, 70000, RPM_ALERTS_HTTP_PORT",
            "rpm.alerts.http-port, eighty, RPM_ALERTS_HTTP_PORT",
            "rpm.alerts.group-id, 'bad group', RPM_ALERTS_GROUP_ID",
            "rpm.alerts.channels, 'console,pager', RPM_ALERTS_CHANNELS",
            "rpm.alerts.channels, ' , ', RPM_ALERTS_CHANNELS",
            "rpm.alerts.retry-backoff, soon, RPM_ALERTS_RETRY_BACKOFF",
            "rpm.alerts.retry-backoff-max, 1ms, RPM_ALERTS_RETRY_BACKOFF_MAX",
            "rpm.alerts.escalation.remind-after, 0s, RPM_ALERTS_ESCALATION_REMIND_AFTER",
            "rpm.alerts.fhir.base-url, ftp://fhir, RPM_ALERTS_FHIR_BASE_URL",
            "rpm.alerts.fhir.server-enabled, maybe, RPM_ALERTS_FHIR_SERVER_ENABLED",
            "rpm.alerts.fhir.max-bundle-entries, 0, RPM_ALERTS_FHIR_MAX_BUNDLE_ENTRIES",
            "rpm.alerts.fhir.max-bundle-entries, many, RPM_ALERTS_FHIR_MAX_BUNDLE_ENTRIES",
            "rpm.alerts.fhir.server-max-resources, 0, RPM_ALERTS_FHIR_SERVER_MAX_RESOURCES",
            "rpm.alerts.fhir.server-max-resources, lots, RPM_ALERTS_FHIR_SERVER_MAX_RESOURCES",
            "rpm.alerts.api.tokens-file, /no/such/file, RPM_ALERTS_API_TOKENS_FILE",
            "rpm.alerts.care-teams-file, /no/such/file, RPM_ALERTS_CARE_TEAMS_FILE",
            "rpm.alerts.fhir.sampled-data.spo2, 1500ms, RPM_ALERTS_FHIR_SAMPLED_DATA_SPO2",
            "rpm.alerts.fhir.sampled-data.heart-rate, 2h, RPM_ALERTS_FHIR_SAMPLED_DATA_HEART_RATE",
            "rpm.alerts.fhir.sampled-data.blood-pressure, 1m, RPM_ALERTS_FHIR_SAMPLED_DATA_BLOOD_PRESSURE",
            "rpm.alerts.fhir.sampled-data-slot, 0s, RPM_ALERTS_FHIR_SAMPLED_DATA_SLOT",
            "rpm.alerts.fhir.reference-range.spo2, 95, RPM_ALERTS_FHIR_REFERENCE_RANGE_SPO2",
            "rpm.alerts.fhir.reference-range.heart-rate, '60,50,,', RPM_ALERTS_FHIR_REFERENCE_RANGE_HEART_RATE",
            "rpm.alerts.fhir.reference-range.blood-pressure, '1,2,3,4', RPM_ALERTS_FHIR_REFERENCE_RANGE_BLOOD_PRESSURE",
            "rpm.alerts.fhir.interpretation, sometimes, RPM_ALERTS_FHIR_INTERPRETATION",
            "rpm.alerts.session-timeout, 5s, RPM_ALERTS_SESSION_TIMEOUT",
            "rpm.alerts.instance-id, pod/1, RPM_ALERTS_INSTANCE_ID"})
    void invalidValueFailsNamingTheKey(String key, String value, String envName) {
        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of(key, value))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(envName);
    }

    @Test
    void webhookChannelRequiresUrlAndSecret() {
        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of("rpm.alerts.channels", "webhook"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_WEBHOOK_URL");
        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of("rpm.alerts.channels", "webhook",
                "rpm.alerts.webhook.url", "http://hooks.example/x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_WEBHOOK_SECRET_FILE");
    }

    @Test
    void emailChannelRequiresHostAndSender() {
        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of("rpm.alerts.channels", "email",
                "rpm.alerts.smtp.from", "rpm@example.org"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_SMTP_HOST");
        assertThat(AlertConfig.from(Settings.of(Map.of("RPM_ALERTS_SMTP_HOST", "smtp.example"))).email())
                .hasValueSatisfying(e -> assertThat(e.from()).isEqualTo(EmailSettings.DEFAULT_FROM));
        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of("rpm.alerts.channels", "email",
                "rpm.alerts.smtp.host", "smtp", "rpm.alerts.smtp.from", "nobody"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_SMTP_FROM");
    }

    @Test
    void secretsAreReadFromFilesAndMasked(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("hook"), "a-webhook-secret-of-some-length");
        Path token = Files.writeString(dir.resolve("fhir"), "fhir-bearer-token");
        AlertConfig config = AlertConfig.from(Settings.of(Map.of("rpm.alerts.channels", "console,webhook",
                "rpm.alerts.webhook.url", "https://hooks.example/x", "rpm.alerts.webhook.secret-file",
                secret.toString(), "rpm.alerts.fhir.token-file", token.toString())));

        assertThat(config.fhir().bearerToken()).contains("fhir-bearer-token");
        assertThat(config.webhook()).isPresent();
        assertThat(config.toString()).doesNotContain("a-webhook-secret", "fhir-bearer-token");
    }

    @Test
    void fhirClientCredentialsNeedASecretAndExcludeAFixedToken(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("client"), "client-secret");
        Path token = Files.writeString(dir.resolve("token"), "fixed");

        AlertConfig config = AlertConfig.from(Settings.of(Map.of("rpm.alerts.fhir.oauth.token-url",
                "https://auth.example/token", "rpm.alerts.fhir.oauth.client-id", "rpm",
                "rpm.alerts.fhir.oauth.client-secret-file", secret.toString())));
        assertThat(config.fhir().clientCredentials()).hasValueSatisfying(cc -> {
            assertThat(cc.clientSecret()).isEqualTo("client-secret");
            assertThat(cc.toString()).doesNotContain("client-secret");
        });
        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of("rpm.alerts.fhir.oauth.token-url",
                "https://auth.example/token", "rpm.alerts.fhir.oauth.client-id", "rpm"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_FHIR_OAUTH_CLIENT_SECRET_FILE");
        assertThatThrownBy(() -> AlertConfig.from(Settings.of(Map.of("rpm.alerts.fhir.oauth.token-url",
                "https://auth.example/token", "rpm.alerts.fhir.oauth.client-id", "rpm",
                "rpm.alerts.fhir.oauth.client-secret-file", secret.toString(), "rpm.alerts.fhir.token-file",
                token.toString())))).isInstanceOf(ConfigException.class).hasMessageContaining("exclude");
    }

    @Test
    void configuredEndpointsEnableTheirChannelsUnlessChannelsAreListed(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("hook"), "a-webhook-secret-of-some-length");
        Map<String, String> endpoints = Map.of("RPM_ALERTS_WEBHOOK_URL", "https://hooks.example/x",
                "RPM_ALERTS_WEBHOOK_SECRET_FILE", secret.toString(), "RPM_ALERTS_SMTP_HOST", "smtp.example");

        assertThat(AlertConfig.from(Settings.of(endpoints)).channels()).containsExactly("console", "webhook", "email");
        assertThat(AlertConfig.from(Settings.of(endpoints).with(Map.of("RPM_ALERTS_CHANNELS", "console")))
                .channels()).containsExactly("console");
    }

    @Test
    void channelListIsNormalizedAndDeduplicated() {
        AlertConfig config = AlertConfig.from(Settings.of(Map.of("rpm.alerts.channels", " Console , console")));

        assertThat(config.channels()).isEqualTo(List.of("console"));
    }
}
