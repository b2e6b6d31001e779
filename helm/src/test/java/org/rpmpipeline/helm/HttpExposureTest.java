package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rpmpipeline.helm.RpmChart.Workload.env;
import static org.rpmpipeline.helm.RpmChart.Workload.envValue;
import static org.rpmpipeline.helm.RpmChart.Workload.volumeMounts;
import static org.rpmpipeline.helm.RpmChart.Workload.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rpmpipeline.helm.RpmChart.Manifests;

/**
 * What the chart opens over HTTP: every service listens on its pod's addresses (the services default to loopback),
 * the alert API takes its tokens from an existing Secret, and the Ingress exposes only the API paths.
 */
class HttpExposureTest {
    private static final Map<String, String> BIND_VARIABLES = Map.of(
            "device-gateway", "RPM_GATEWAY_HTTP_BIND",
            "stream-processor", "RPM_PROCESSOR_HTTP_BIND",
            "alert-service", "RPM_ALERTS_HTTP_BIND");

    @Test
    void everyService_listensOnAllAddressesOfItsPod_forProbesAndItsService() {
        for (Path profile : RpmChart.ciProfiles()) {
            for (JsonNode workload : RpmChart.template(profile).services()) {
                String component = workload.path("spec").path("template").path("metadata").path("labels")
                        .path("app.kubernetes.io/component").asText();

                assertThat(envValue(workload, BIND_VARIABLES.get(component))).as("%s in %s", component, profile)
                        .isEqualTo("0.0.0.0");
            }
        }
    }

    @Test
    void apiTokens_comeFromTheExistingSecret_mountedReadOnly() {
        JsonNode alerts = RpmChart.template("alerts:\n  api:\n    existingSecret: team-api-tokens\n"
                + "    tokensKey: api.txt\n").one("Deployment", "alert-service");

        assertThat(envValue(alerts, "RPM_ALERTS_API_TOKENS_FILE")).isEqualTo("/etc/rpm/api/api.txt");
        assertThat(volumeMounts(alerts)).containsEntry("api-tokens", "/etc/rpm/api");
        JsonNode secret = volumes(alerts).get("api-tokens").path("secret");
        assertThat(secret.path("secretName").asText()).isEqualTo("team-api-tokens");
        assertThat(secret.path("items").path(0).path("key").asText()).isEqualTo("api.txt");
        assertThat(secret.path("defaultMode").asInt()).isEqualTo(0440);
        assertThat(RpmChart.Workload.container(alerts).path("volumeMounts")).anySatisfy(m -> {
            assertThat(m.path("name").asText()).isEqualTo("api-tokens");
            assertThat(m.path("readOnly").asBoolean()).isTrue();
        });
    }

    @Test
    void apiTokens_byDefault_noneAreMounted_andTheNotesSaySoLoudly() {
        JsonNode alerts = RpmChart.template().one("Deployment", "alert-service");

        assertThat(env(alerts)).doesNotContainKey("RPM_ALERTS_API_TOKENS_FILE");
        assertThat(volumes(alerts)).doesNotContainKey("api-tokens");
        assertThat(RpmChart.notes(RpmChart.DIR.resolve("values.yaml")))
                .contains("alerts.api.existingSecret is empty, so /alerts and /fhir refuse every caller");
        assertThat(RpmChart.notes(RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml")))
                .doesNotContain("alerts.api.existingSecret is empty")
                .contains("Authorization: Bearer");
    }

    @Test
    void ingress_byDefault_exposesOnlyTheAlertApi() {
        Manifests manifests = RpmChart.template("alerts:\n  ingress:\n    enabled: true\n");

        assertThat(paths(manifests.one("Ingress", "alert-service"))).containsExactly("/alerts");
    }

    @Test
    void ingress_mayAddFhir() {
        Manifests manifests = RpmChart.template("alerts:\n  ingress:\n    enabled: true\n    hosts:\n"
                + "      - host: rpm.example.internal\n        paths:\n"
                + "          - {path: /alerts, pathType: Prefix}\n          - {path: /fhir, pathType: Prefix}\n");

        assertThat(paths(manifests.one("Ingress", "alert-service"))).containsExactly("/alerts", "/fhir");
    }

    @Test
    void ingress_mayAddTheConsole() {
        Manifests manifests = RpmChart.template("alerts:\n  ingress:\n    enabled: true\n    hosts:\n"
                + "      - host: rpm.example.internal\n        paths:\n"
                + "          - {path: /alerts, pathType: Prefix}\n          - {path: /console, pathType: Prefix}\n");

        assertThat(paths(manifests.one("Ingress", "alert-service"))).containsExactly("/alerts", "/console");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/metrics", "/health/ready", "/fhirx", "/alerts-admin", "/consoles", "/webjars"})
    void ingress_toAnyOtherPath_isRefusedByTheSchema(String path) {
        String values = "alerts:\n  ingress:\n    enabled: true\n    hosts:\n      - host: rpm.example.internal\n"
                + "        paths:\n          - {path: '" + path + "', pathType: Prefix}\n";

        assertThatThrownBy(() -> RpmChart.template(values)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alerts.ingress.hosts.0.paths.0.path: Does not match pattern");
    }

    private static List<String> paths(JsonNode ingress) {
        List<String> out = new ArrayList<>();
        ingress.path("spec").path("rules").forEach(rule -> rule.path("http").path("paths")
                .forEach(p -> out.add(p.path("path").asText())));
        return out;
    }
}
