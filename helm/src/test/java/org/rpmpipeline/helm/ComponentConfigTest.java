package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.helm.RpmChart.Workload.env;
import static org.rpmpipeline.helm.RpmChart.Workload.envValue;
import static org.rpmpipeline.helm.RpmChart.Workload.volumeMounts;
import static org.rpmpipeline.helm.RpmChart.Workload.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.helm.RpmChart.Manifests;

/** Each component gets the environment its service reads (names from the services' config keys). */
class ComponentConfigTest {

    private static final Pattern CREDENTIAL = Pattern.compile("PASSWORD|JAAS|TOKEN|SECRET|KEYSTORE_KEY");

    private final Manifests production = RpmChart.template(RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml"));

    @Test
    void gateway_usesPodNameAsClientIdAndTheSharedGroup() {
        JsonNode gateway = RpmChart.template().one("Deployment", "device-gateway");

        assertThat(fieldRef(gateway, "RPM_GATEWAY_CLIENT_ID")).isEqualTo("metadata.name");
        assertThat(envValue(gateway, "RPM_GATEWAY_SHARE_GROUP")).isEqualTo("rpm-gateway");
        assertThat(envValue(gateway, "RPM_GATEWAY_HTTP_PORT")).isEqualTo("8081");
        assertThat(envValue(gateway, "RPM_MQTT_URL")).isEqualTo("tcp://rpm-mqtt:1883");
        assertThat(envValue(gateway, "RPM_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("rpm-kafka-bootstrap:9092");
        assertThat(envValue(gateway, "RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL")).isEqualTo("PLAINTEXT");
        assertThat(envValue(gateway, "RPM_CONFIG_FILE")).isEqualTo("/etc/rpm/config/application.properties");
        assertThat(env(gateway)).doesNotContainKeys("RPM_GATEWAY_BINDINGS_FILE", "RPM_MQTT_PASSWORD_FILE");
    }

    @Test
    void gateway_mountsBindingsAndMqttCredentialsFromTheirSources() {
        JsonNode gateway = production.one("Deployment", "device-gateway");

        assertThat(envValue(gateway, "RPM_GATEWAY_BINDINGS_FILE")).isEqualTo("/etc/rpm/bindings/bindings.csv");
        assertThat(volumeMounts(gateway)).containsEntry("bindings", "/etc/rpm/bindings");
        assertThat(volumes(gateway).get("bindings").path("configMap").path("name").asText())
                .isEqualTo("demo-rpm-device-gateway-bindings");
        assertThat(production.configMapData("device-gateway-bindings", "bindings.csv"))
                .startsWith("deviceId,patientId,from,to\n");

        assertThat(envValue(gateway, "RPM_MQTT_URL")).isEqualTo("ssl://hivemq.mqtt.svc:8883");
        assertThat(envValue(gateway, "RPM_MQTT_USERNAME")).isEqualTo("rpm-gateway");
        assertThat(envValue(gateway, "RPM_MQTT_PASSWORD_FILE")).isEqualTo("/etc/rpm/mqtt-auth/password");
        assertThat(volumes(gateway).get("mqtt-auth").path("secret").path("secretName").asText())
                .isEqualTo("rpm-mqtt-credentials");
        assertThat(envValue(gateway, "RPM_MQTT_TRUSTSTORE")).isEqualTo("/etc/rpm/mqtt-truststore/truststore.p12");
        assertThat(envValue(gateway, "RPM_MQTT_TRUSTSTORE_PASSWORD_FILE"))
                .isEqualTo("/etc/rpm/mqtt-truststore/password");
        assertThat(volumes(gateway).get("mqtt-truststore").path("secret").path("secretName").asText())
                .isEqualTo("rpm-mqtt-truststore");
        assertThat(env(gateway)).doesNotContainKey("RPM_MQTT_KEYSTORE");
    }

    @Test
    void gateway_mutualTlsToTheBroker_mountsItsKeystore() {
        JsonNode gateway = RpmChart.template(RpmChart.DIR.resolve("ci/mtls-values.yaml"))
                .one("Deployment", "device-gateway");

        assertThat(envValue(gateway, "RPM_MQTT_KEYSTORE")).isEqualTo("/etc/rpm/mqtt-keystore/keystore.p12");
        assertThat(envValue(gateway, "RPM_MQTT_KEYSTORE_PASSWORD_FILE"))
                .isEqualTo("/etc/rpm/mqtt-keystore/keystore.password");
        assertThat(volumeMounts(gateway)).containsEntry("mqtt-keystore", "/etc/rpm/mqtt-keystore");
        assertThat(volumes(gateway).get("mqtt-keystore").path("secret").path("items"))
                .extracting(item -> item.path("key").asText()).containsExactly("keystore.p12", "keystore.password");
    }

    @Test
    void gateway_certificateIdentity_readsStorePasswordsFromTheirOwnSecret() {
        JsonNode gateway = RpmChart.template(RpmChart.DIR.resolve("ci/device-identity-values.yaml"))
                .one("Deployment", "device-gateway");

        assertThat(envValue(gateway, "RPM_MQTT_URL")).isEqualTo("ssl://mosquitto.mqtt.svc:8884");
        assertThat(env(gateway)).doesNotContainKeys("RPM_MQTT_USERNAME", "RPM_MQTT_PASSWORD_FILE");
        assertThat(envValue(gateway, "RPM_MQTT_KEYSTORE")).isEqualTo("/etc/rpm/mqtt-keystore/keystore.p12");
        assertThat(envValue(gateway, "RPM_MQTT_KEYSTORE_PASSWORD_FILE"))
                .isEqualTo("/etc/rpm/mqtt-keystore-password/password");
        assertThat(envValue(gateway, "RPM_MQTT_TRUSTSTORE")).isEqualTo("/etc/rpm/mqtt-truststore/truststore.p12");
        assertThat(envValue(gateway, "RPM_MQTT_TRUSTSTORE_PASSWORD_FILE"))
                .isEqualTo("/etc/rpm/mqtt-truststore-password/password");
        assertThat(volumeMounts(gateway)).containsEntry("mqtt-keystore-password", "/etc/rpm/mqtt-keystore-password")
                .containsEntry("mqtt-truststore-password", "/etc/rpm/mqtt-truststore-password");
        Map<String, JsonNode> volumes = volumes(gateway);
        assertThat(volumes.get("mqtt-keystore").path("secret").path("items"))
                .extracting(item -> item.path("key").asText()).containsExactly("keystore.p12");
        assertThat(volumes.get("mqtt-keystore-password").path("secret").path("secretName").asText())
                .isEqualTo("rpm-gateway-mqtt-store-password");
        assertThat(volumes.get("mqtt-truststore-password").path("secret").path("items"))
                .extracting(item -> item.path("key").asText()).containsExactly("password");
    }

    @Test
    void gateway_extraConfigLandsInItsPropertiesFile() {
        assertThat(production.configMapData("device-gateway-config", "application.properties"))
                .contains("rpm.gateway.max-in-flight=500");
    }

    @Test
    void config_writesNumbersAndBooleansAsTheServiceParsesThem() {
        Manifests manifests = RpmChart.template("""
                processor:
                  config:
                    rpm.processor.commit-interval: 100ms
                    rpm.processor.stream-threads: 2
                    kafka.max.poll.records: 1000000
                    rpm.processor.example-ratio: 0.25
                    rpm.processor.example-flag: true
                kafka:
                  properties:
                    linger.ms: 20000000
                """);

        assertThat(manifests.configMapData("stream-processor-config", "application.properties"))
                .contains("\nkafka.max.poll.records=1000000\n", "\nrpm.processor.commit-interval=100ms\n",
                        "\nrpm.processor.example-flag=true\n", "\nrpm.processor.example-ratio=0.25\n",
                        "\nrpm.processor.stream-threads=2");
        assertThat(envValue(manifests.one("StatefulSet", "stream-processor"), "RPM_KAFKA_PROPERTY_LINGER_MS"))
                .isEqualTo("20000000");
    }

    @Test
    void processor_usesPodNameAsStaticMemberIdAndAPersistentStateDir() {
        JsonNode processor = production.one("StatefulSet", "stream-processor");

        assertThat(fieldRef(processor, "RPM_PROCESSOR_INSTANCE_ID")).isEqualTo("metadata.name");
        assertThat(envValue(processor, "RPM_PROCESSOR_APPLICATION_ID")).isEqualTo("rpm-processor");
        assertThat(envValue(processor, "RPM_PROCESSOR_STANDBY_REPLICAS")).isEqualTo("1");
        assertThat(envValue(processor, "RPM_PROCESSOR_HTTP_PORT")).isEqualTo("8082");
        assertThat(envValue(processor, "RPM_PROCESSOR_STATE_DIR")).isEqualTo("/var/lib/rpm/state");
        assertThat(volumeMounts(processor)).containsEntry("state", "/var/lib/rpm/state");
        assertThat(processor.path("spec").path("volumeClaimTemplates").path(0).path("metadata").path("name")
                .asText()).isEqualTo("state");
        assertThat(processor.path("spec").path("volumeClaimTemplates").path(0).path("spec").path("resources")
                .path("requests").path("storage").asText()).isEqualTo("5Gi");
        assertThat(processor.path("spec").path("serviceName").asText()).isEqualTo("demo-rpm-stream-processor");
        assertThat(production.one("Service", "stream-processor").path("spec").path("clusterIP").asText())
                .isEqualTo("None");
    }

    @Test
    void processor_mountsTheRulesFileOnlyWhenRulesAreGiven() {
        JsonNode withRules = production.one("StatefulSet", "stream-processor");
        JsonNode builtIn = RpmChart.template().one("StatefulSet", "stream-processor");

        assertThat(envValue(withRules, "RPM_PROCESSOR_RULES_FILE")).isEqualTo("/etc/rpm/rules/rules.yaml");
        assertThat(volumes(withRules).get("rules").path("configMap").path("name").asText())
                .isEqualTo("demo-rpm-stream-processor-rules");
        assertThat(production.configMapData("stream-processor-rules", "rules.yaml")).contains("rules: []");
        assertThat(env(builtIn)).doesNotContainKey("RPM_PROCESSOR_RULES_FILE");
        assertThat(volumes(builtIn)).doesNotContainKey("rules");
    }

    @Test
    void processor_withoutPersistence_keepsStateInAnEmptyDir() {
        JsonNode processor = RpmChart.template(RpmChart.DIR.resolve("ci/minimal-values.yaml"))
                .one("StatefulSet", "stream-processor");

        assertThat(processor.path("spec").has("volumeClaimTemplates")).isFalse();
        assertThat(volumes(processor).get("state").has("emptyDir")).isTrue();
    }

    @Test
    void processor_getsNoMqttSettings() {
        JsonNode processor = production.one("StatefulSet", "stream-processor");

        assertThat(env(processor).keySet()).noneMatch(name -> name.startsWith("RPM_MQTT_"));
    }

    @Test
    void alerts_readsCredentialsFromMountedSecretFiles() {
        JsonNode alerts = production.one("Deployment", "alert-service");

        assertThat(envValue(alerts, "RPM_ALERTS_HTTP_PORT")).isEqualTo("8080");
        assertThat(envValue(alerts, "RPM_ALERTS_FHIR_BASE_URL")).isEqualTo("https://fhir.example.internal/fhir");
        assertThat(envValue(alerts, "RPM_ALERTS_FHIR_TOKEN_FILE")).isEqualTo("/etc/rpm/fhir/token");
        assertThat(envValue(alerts, "RPM_ALERTS_WEBHOOK_URL")).isEqualTo("https://care-team.example.internal/hooks/rpm");
        assertThat(envValue(alerts, "RPM_ALERTS_WEBHOOK_SECRET_FILE")).isEqualTo("/etc/rpm/webhook/secret");
        assertThat(envValue(alerts, "RPM_ALERTS_SMTP_HOST")).isEqualTo("smtp.example.internal");
        assertThat(envValue(alerts, "RPM_ALERTS_SMTP_PORT")).isEqualTo("587");
        assertThat(envValue(alerts, "RPM_ALERTS_SMTP_STARTTLS")).isEqualTo("true");
        assertThat(envValue(alerts, "RPM_ALERTS_SMTP_FROM")).isEqualTo("rpm-alerts@care.example.internal");
        assertThat(envValue(alerts, "RPM_ALERTS_SMTP_ALERT_LINK_BASE"))
                .isEqualTo("https://rpm-alerts.example.internal/alerts");
        assertThat(envValue(alerts, "RPM_ALERTS_SMTP_PASSWORD_FILE")).isEqualTo("/etc/rpm/smtp/password");
        assertThat(volumes(alerts)).extractingByKeys("fhir-auth", "webhook-secret", "smtp-auth")
                .extracting(v -> v.path("secret").path("secretName").asText())
                .containsExactly("rpm-fhir-token", "rpm-webhook", "rpm-smtp");
        assertThat(volumeMounts(alerts)).containsEntry("fhir-auth", "/etc/rpm/fhir")
                .containsEntry("webhook-secret", "/etc/rpm/webhook").containsEntry("smtp-auth", "/etc/rpm/smtp");
    }

    @Test
    void alerts_byDefault_setsNoNotifierOrFhirSettings() {
        JsonNode alerts = RpmChart.template().one("Deployment", "alert-service");

        assertThat(env(alerts).keySet()).filteredOn(name -> name.startsWith("RPM_ALERTS_"))
                .containsExactly("RPM_ALERTS_HTTP_PORT", "RPM_ALERTS_HTTP_BIND", "RPM_ALERTS_INSTANCE_ID");
    }

    @Test
    void alerts_usesPodNameAsStaticMemberId() {
        JsonNode alerts = RpmChart.template().one("Deployment", "alert-service");

        assertThat(fieldRef(alerts, "RPM_ALERTS_INSTANCE_ID")).isEqualTo("metadata.name");
    }

    @Test
    void kafkaSaslSsl_takesTheJaasLineFromTheSecretAndTrustsTheClusterCa() {
        for (JsonNode workload : production.services()) {
            Map<String, JsonNode> env = env(workload);
            JsonNode jaas = env.get("RPM_KAFKA_PROPERTY_SASL_JAAS_CONFIG");

            assertThat(envValue(workload, "RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
            assertThat(envValue(workload, "RPM_KAFKA_PROPERTY_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("rpm-pipeline");
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo("sasl.jaas.config");
            assertThat(envValue(workload, "RPM_KAFKA_PROPERTY_SSL_TRUSTSTORE_TYPE")).isEqualTo("PEM");
            assertThat(envValue(workload, "RPM_KAFKA_PROPERTY_SSL_TRUSTSTORE_LOCATION"))
                    .isEqualTo("/etc/rpm/kafka-ca/ca.crt");
            assertThat(volumes(workload).get("kafka-ca").path("secret").path("secretName").asText())
                    .isEqualTo("rpm-cluster-ca-cert");
            assertThat(envValue(workload, "RPM_KAFKA_PROPERTY_CLIENT_RACK")).isEqualTo("zone-a");
        }
    }

    @Test
    void kafkaMutualTls_takesTheClientCertificateAndKeyFromTheSecret() {
        JsonNode gateway = RpmChart.template(RpmChart.DIR.resolve("ci/mtls-values.yaml"))
                .one("Deployment", "device-gateway");

        assertThat(envValue(gateway, "RPM_KAFKA_PROPERTY_SSL_KEYSTORE_TYPE")).isEqualTo("PEM");
        assertThat(secretRef(gateway, "RPM_KAFKA_PROPERTY_SSL_KEYSTORE_CERTIFICATE_CHAIN"))
                .isEqualTo("rpm-pipeline/user.crt");
        assertThat(secretRef(gateway, "RPM_KAFKA_PROPERTY_SSL_KEYSTORE_KEY")).isEqualTo("rpm-pipeline/user.key");
        assertThat(env(gateway)).doesNotContainKey("RPM_KAFKA_PROPERTY_SASL_JAAS_CONFIG");
    }

    @Test
    void credentials_neverAppearAsLiteralValues() {
        for (JsonNode workload : production.workloads()) {
            env(workload).forEach((name, var) -> {
                if (CREDENTIAL.matcher(name).find()) {
                    assertThat(name.endsWith("_FILE") || var.has("valueFrom"))
                            .as("%s in %s must be a file path or a secret reference", name, RpmChart.Workload.name(workload))
                            .isTrue();
                }
            });
        }
    }

    @Test
    void simulator_isAJobPublishingTheScenarioToMqtt() {
        JsonNode job = production.ofKind("Job").get(0);

        assertThat(job.path("metadata").path("name").asText()).isEqualTo("demo-rpm-simulators-1");
        assertThat(job.path("spec").path("template").path("spec").path("restartPolicy").asText()).isEqualTo("Never");
        assertThat(envValue(job, "RPM_SIM_SCENARIO")).isEqualTo("demo");
        assertThat(fieldRef(job, "RPM_SIM_CLIENT_ID")).isEqualTo("metadata.name");
        assertThat(envValue(job, "RPM_SIM_DURATION")).isEqualTo("15m");
        assertThat(envValue(job, "RPM_MQTT_URL")).isEqualTo("ssl://hivemq.mqtt.svc:8883");
        assertThat(env(job).keySet()).noneMatch(name -> name.startsWith("RPM_KAFKA_"));
        assertThat(env(job)).doesNotContainKey("RPM_MQTT_TRUSTSTORE");
    }

    @Test
    void simulator_scenarioFile_isMountedAndNamedAsTheScenario() {
        Manifests manifests = RpmChart.template(RpmChart.DIR.resolve("ci/simulator-only-values.yaml"));
        JsonNode job = manifests.ofKind("Job").get(0);

        assertThat(envValue(job, "RPM_SIM_SCENARIO")).isEqualTo("/etc/rpm/scenario/scenario.yaml");
        assertThat(volumeMounts(job)).containsEntry("scenario", "/etc/rpm/scenario");
        assertThat(manifests.configMapData("simulators-scenario", "scenario.yaml")).contains("name: night-shift");
    }

    @Test
    void extraEnv_isAppendedToTheComponentOnly() {
        assertThat(envValue(production.one("StatefulSet", "stream-processor"), "JAVA_TOOL_OPTIONS"))
                .isEqualTo("-XX:MaxRAMPercentage=75");
        assertThat(env(production.one("Deployment", "alert-service"))).doesNotContainKey("JAVA_TOOL_OPTIONS");
    }

    @Test
    void disabledComponents_renderNothing() {
        Manifests manifests = RpmChart.template(RpmChart.DIR.resolve("ci/simulator-only-values.yaml"));

        assertThat(manifests.summary()).noneMatch(r -> r.contains("device-gateway") || r.contains("stream-processor")
                || r.contains("alert-service"));
        assertThat(manifests.ofKind("Job")).hasSize(1);
    }

    private static String fieldRef(JsonNode workload, String name) {
        return env(workload).get(name).path("valueFrom").path("fieldRef").path("fieldPath").asText(null);
    }

    private static String secretRef(JsonNode workload, String name) {
        JsonNode ref = env(workload).get(name).path("valueFrom").path("secretKeyRef");
        return ref.path("name").asText() + "/" + ref.path("key").asText();
    }
}
