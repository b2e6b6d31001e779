package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses what would otherwise be silently ignored or deployed insecurely. */
class ValuesSchemaTest {

    private static final String REFUSED = "values don't meet the specifications of the schema(s)";

    @Test
    void unknownKey_isRejectedNamingIt() {
        assertRejected("gateway:\n  replica: 3\n", "- gateway: Additional property replica is not allowed");
    }

    @Test
    void unknownTopLevelKey_isRejectedNamingIt() {
        assertRejected("kafkaa:\n  bootstrapServers: x:9092\n", "Additional property kafkaa is not allowed");
    }

    @Test
    void wrongType_isRejectedNamingTheKeyAndTypes() {
        assertRejected("gateway:\n  replicas: three\n",
                "- gateway.replicas: Invalid type. Expected: integer, given: string");
    }

    @Test
    void saslWithoutSecretReference_isRejected() {
        assertRejected("kafka:\n  securityProtocol: SASL_SSL\n",
                "- kafka.sasl.existingSecret: String length must be greater than or equal to 1");
    }

    @Test
    void mqttUserWithoutPasswordSecret_isRejected() {
        assertRejected("mqtt:\n  username: gateway\n",
                "- mqtt.existingSecret: String length must be greater than or equal to 1");
    }

    @Test
    void webhookWithoutSigningSecret_isRejected() {
        assertRejected("alerts:\n  webhook:\n    url: https://hooks.example.internal/rpm\n",
                "- alerts.webhook.existingSecret: String length must be greater than or equal to 1");
    }

    @Test
    void smtpSenderThatIsNotAnAddress_isRejectedNamingIt() {
        assertRejected("alerts:\n  smtp:\n    host: smtp.example.internal\n    from: care-team\n",
                "- alerts.smtp.from: Does not match pattern");
    }

    @Test
    void smtpUserWithoutPasswordSecret_isRejected() {
        assertRejected("alerts:\n  smtp:\n    host: smtp.example.internal\n    username: rpm\n",
                "- alerts.smtp.existingSecret: String length must be greater than or equal to 1");
    }

    @Test
    void credentialInKafkaProperties_isRejected() {
        assertRejected("kafka:\n  properties:\n    ssl.truststore.password: changeit\n",
                "- kafka.properties: Property name of \"ssl.truststore.password\" does not match");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "podSecurityContext:\\n  runAsNonRoot: false\\n | - podSecurityContext.runAsNonRoot: podSecurityContext.runAsNonRoot does not match: true",
            "securityContext:\\n  allowPrivilegeEscalation: true\\n | - securityContext.allowPrivilegeEscalation: securityContext.allowPrivilegeEscalation does not match: false",
            "securityContext:\\n  capabilities:\\n    drop: [NET_RAW]\\n | - securityContext.capabilities.drop: At least one of the items must match",
            "mqtt:\\n  url: http://broker:1883\\n | - mqtt.url: Does not match pattern",
            "kafka:\\n  bootstrapServers: broker\\n | - kafka.bootstrapServers: Does not match pattern",
            "kafka:\\n  securityProtocol: TLS\\n | - kafka.securityProtocol: kafka.securityProtocol must be one of the following",
            "gateway:\\n  config:\\n    gateway.port: 1\\n | - gateway.config: Additional property gateway.port is not allowed",
            "gateway:\\n  resources:\\n    limits: null\\n | - gateway.resources: limits is required",
            "processor:\\n  extraEnv:\\n    - value: x\\n | - processor.extraEnv.0: name is required",
            "mqtt:\\n  tls:\\n    keystoreSecret: client\\n | - mqtt.url: Does not match pattern '^ssl://'",
            "mqtt:\\n  tls:\\n    keystorePasswordSecret: Store_Password\\n | - mqtt.tls.keystorePasswordSecret: Does not match pattern",
            "simulator:\\n  scenario: demo\\n  scenarioFile: 'name: x'\\n | - simulator.scenario: String length must be less than or equal to 0",
    })
    void insecureOrMalformedValue_isRejected(String values, String message) {
        assertRejected(values.replace("\\n", "\n"), message);
    }

    @Test
    void everyObjectInTheSchema_closesItsProperties() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(RpmChart.DIR.resolve("values.schema.json").toFile());
        List<String> open = new ArrayList<>();
        collectOpenObjects(schema, "", open);

        // Helm's own "global" and the Kubernetes affinity types are passed through as they are.
        assertThat(open).containsExactlyInAnyOrder("/properties/global",
                "/definitions/affinity/properties/nodeAffinity", "/definitions/affinity/properties/podAffinity",
                "/definitions/affinity/properties/podAntiAffinity");
    }

    @Test
    void everyDefaultValue_isDescribedInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(RpmChart.DIR.resolve("values.schema.json").toFile());
        JsonNode values = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(RpmChart.DIR.resolve("values.yaml").toFile());

        assertThat(schema.path("properties").fieldNames()).toIterable()
                .containsAll(() -> values.fieldNames());
    }

    private static void collectOpenObjects(JsonNode node, String path, List<String> open) {
        if (node.isObject()) {
            if ("object".equals(node.path("type").asText()) && !node.has("additionalProperties")) {
                open.add(path);
            }
            node.fields().forEachRemaining(f -> collectOpenObjects(f.getValue(), path + "/" + f.getKey(), open));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectOpenObjects(node.get(i), path + "/" + i, open);
            }
        }
    }

    private static void assertRejected(String values, String message) {
        assertThatThrownBy(() -> RpmChart.template(values))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(REFUSED)
                .hasMessageContaining(message);
    }
}
