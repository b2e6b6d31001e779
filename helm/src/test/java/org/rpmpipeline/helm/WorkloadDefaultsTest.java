package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rpmpipeline.helm.RpmChart.Workload.container;
import static org.rpmpipeline.helm.RpmChart.Workload.name;
import static org.rpmpipeline.helm.RpmChart.Workload.podAnnotations;
import static org.rpmpipeline.helm.RpmChart.Workload.podSpec;
import static org.rpmpipeline.helm.RpmChart.Workload.volumeMounts;
import static org.rpmpipeline.helm.RpmChart.Workload.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rpmpipeline.helm.RpmChart.Manifests;

/**
 * What every workload must have under every profile: the Restricted Pod Security Standard, requests and limits,
 * health probes on the service endpoints, a writable /tmp and no Kubernetes API token.
 */
class WorkloadDefaultsTest {

    /** The defaults and every ci profile, rendered once each. */
    static Stream<Arguments> renderings() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("defaults", RpmChart.template()));
        for (Path profile : RpmChart.ciProfiles()) {
            out.add(Arguments.of(profile.getFileName().toString(), RpmChart.template(profile)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyWorkload_meetsRestrictedPodSecurity(String profile, Manifests manifests) {
        assertThat(manifests.workloads()).isNotEmpty();
        for (JsonNode workload : manifests.workloads()) {
            JsonNode pod = podSpec(workload).path("securityContext");
            JsonNode container = container(workload).path("securityContext");
            String where = profile + " " + name(workload);

            assertThat(pod.path("runAsNonRoot").asBoolean()).as(where).isTrue();
            assertThat(pod.path("seccompProfile").path("type").asText()).as(where).isEqualTo("RuntimeDefault");
            assertThat(container.path("runAsNonRoot").asBoolean()).as(where).isTrue();
            assertThat(container.path("allowPrivilegeEscalation").isBoolean()).as(where).isTrue();
            assertThat(container.path("allowPrivilegeEscalation").asBoolean()).as(where).isFalse();
            assertThat(container.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
            assertThat(container.path("capabilities").path("drop")).as(where)
                    .extracting(JsonNode::asText).containsExactly("ALL");
            assertThat(container.path("seccompProfile").path("type").asText()).as(where).isEqualTo("RuntimeDefault");
            assertThat(container.has("privileged")).as(where).isFalse();
            assertThat(podSpec(workload).path("automountServiceAccountToken").isBoolean()).as(where).isTrue();
            assertThat(podSpec(workload).path("automountServiceAccountToken").asBoolean()).as(where).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyWorkload_hasRequestsAndLimits(String profile, Manifests manifests) {
        for (JsonNode workload : manifests.workloads()) {
            JsonNode resources = container(workload).path("resources");
            String where = profile + " " + name(workload);

            assertThat(resources.path("requests").path("cpu").asText()).as(where).isNotBlank();
            assertThat(resources.path("requests").path("memory").asText()).as(where).isNotBlank();
            assertThat(resources.path("limits").path("memory").asText()).as(where).isNotBlank();
            assertThat(resources.path("limits").path("cpu").asText()).as(where).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyService_probesItsHealthEndpoints(String profile, Manifests manifests) {
        for (JsonNode workload : manifests.services()) {
            JsonNode container = container(workload);
            String where = profile + " " + name(workload);

            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(where)
                    .isEqualTo("/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(where)
                    .isEqualTo("/health/ready");
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).as(where)
                    .isEqualTo("/health/live");
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(container.path(probe).path("httpGet").path("port").asText()).as(where + " " + probe)
                        .isEqualTo("http");
            }
            assertThat(container.path("ports")).as(where)
                    .anySatisfy(port -> assertThat(port.path("name").asText()).isEqualTo("http"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyWorkload_writesOnlyToItsVolumes(String profile, Manifests manifests) {
        for (JsonNode workload : manifests.workloads()) {
            String where = profile + " " + name(workload);

            assertThat(volumeMounts(workload)).as(where).containsEntry("tmp", "/tmp");
            assertThat(volumes(workload).get("tmp").has("emptyDir")).as(where).isTrue();
            assertThat(volumeMounts(workload)).as(where).containsEntry("config", "/etc/rpm/config");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyService_isAnnotatedForPrometheus(String profile, Manifests manifests) {
        for (JsonNode workload : manifests.services()) {
            JsonNode annotations = podAnnotations(workload);
            String port = container(workload).path("ports").path(0).path("containerPort").asText();

            assertThat(annotations.path("prometheus.io/scrape").asText()).as(name(workload)).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).as(name(workload)).isEqualTo("/metrics");
            assertThat(annotations.path("prometheus.io/port").asText()).as(name(workload)).isEqualTo(port);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void noProfile_rendersASecret(String profile, Manifests manifests) {
        assertThat(manifests.ofKind("Secret")).as(profile).isEmpty();
    }

    @Test
    void defaults_renderTheThreeServicesAndNoSimulator() {
        Manifests manifests = RpmChart.template();

        assertThat(manifests.workloads()).extracting(RpmChart.Workload::name).containsExactlyInAnyOrder(
                "Deployment/demo-rpm-device-gateway", "StatefulSet/demo-rpm-stream-processor",
                "Deployment/demo-rpm-alert-service");
        assertThat(manifests.ofKind("Job")).isEmpty();
        assertThat(manifests.ofKind("Ingress")).isEmpty();
        assertThat(manifests.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void images_comeFromTheRegistryWithTheAppVersionByDefault() {
        Manifests manifests = RpmChart.template();

        assertThat(manifests.workloads()).extracting(w -> container(w).path("image").asText())
                .containsExactlyInAnyOrder("ghcr.io/rpm-pipeline/device-gateway:0.1.0",
                        "ghcr.io/rpm-pipeline/stream-processor:0.1.0", "ghcr.io/rpm-pipeline/alert-service:0.1.0");
    }

    @Test
    void images_componentTagWinsOverGlobalTag() {
        Manifests manifests = RpmChart.template("""
                image:
                  registry: registry.example.internal/rpm/
                  tag: "1.2.3"
                processor:
                  image:
                    repository: stream-processor
                    tag: 1.2.4-fix
                """);

        assertThat(container(manifests.one("Deployment", "device-gateway")).path("image").asText())
                .isEqualTo("registry.example.internal/rpm/device-gateway:1.2.3");
        assertThat(container(manifests.one("StatefulSet", "stream-processor")).path("image").asText())
                .isEqualTo("registry.example.internal/rpm/stream-processor:1.2.4-fix");
    }
}
