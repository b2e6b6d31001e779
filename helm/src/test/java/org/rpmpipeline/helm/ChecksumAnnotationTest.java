package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.helm.RpmChart.Workload.podAnnotations;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Pods restart when their mounted configuration changes: a checksum of each ConfigMap is a pod annotation. */
class ChecksumAnnotationTest {

    private static final String RULES_A = """
            processor:
              rules: |
                rules:
                  - id: spo2-low
            """;
    private static final String RULES_B = """
            processor:
              rules: |
                rules:
                  - id: spo2-low-sustained
            """;

    @Test
    void changingTheRules_changesTheProcessorRulesChecksumOnly() {
        JsonNode before = processorAnnotations(RULES_A);
        JsonNode after = processorAnnotations(RULES_B);

        assertThat(before.path("checksum/rules").asText()).hasSize(64);
        assertThat(after.path("checksum/rules").asText()).isNotEqualTo(before.path("checksum/rules").asText());
        assertThat(after.path("checksum/config").asText()).isEqualTo(before.path("checksum/config").asText());
    }

    @Test
    void sameRules_sameChecksum() {
        assertThat(processorAnnotations(RULES_A).path("checksum/rules").asText())
                .isEqualTo(processorAnnotations(RULES_A).path("checksum/rules").asText());
    }

    @Test
    void changingTheBindings_changesTheGatewayBindingsChecksum() {
        JsonNode before = gatewayAnnotations("gateway:\n  bindings: |\n    deviceId,patientId\n    d-1,p-1\n");
        JsonNode after = gatewayAnnotations("gateway:\n  bindings: |\n    deviceId,patientId\n    d-1,p-2\n");

        assertThat(after.path("checksum/bindings").asText()).isNotEqualTo(before.path("checksum/bindings").asText());
        assertThat(after.path("checksum/config").asText()).isEqualTo(before.path("checksum/config").asText());
    }

    @Test
    void changingAComponentsConfig_changesItsConfigChecksumOnly() {
        JsonNode gatewayBefore = gatewayAnnotations("{}");
        JsonNode gatewayAfter = gatewayAnnotations("gateway:\n  config:\n    rpm.gateway.max-in-flight: 64\n");
        JsonNode alertsBefore = RpmChart.Workload.podAnnotations(RpmChart.template().one("Deployment", "alert-service"));
        JsonNode alertsAfter = RpmChart.Workload.podAnnotations(RpmChart.template(
                "gateway:\n  config:\n    rpm.gateway.max-in-flight: 64\n").one("Deployment", "alert-service"));

        assertThat(gatewayAfter.path("checksum/config").asText())
                .isNotEqualTo(gatewayBefore.path("checksum/config").asText());
        assertThat(alertsAfter.path("checksum/config").asText())
                .isEqualTo(alertsBefore.path("checksum/config").asText());
    }

    private static JsonNode processorAnnotations(String values) {
        return podAnnotations(RpmChart.template(values).one("StatefulSet", "stream-processor"));
    }

    private static JsonNode gatewayAnnotations(String values) {
        return podAnnotations(RpmChart.template(values).one("Deployment", "device-gateway"));
    }
}
