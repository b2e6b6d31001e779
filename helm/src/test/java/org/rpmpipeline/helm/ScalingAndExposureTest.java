package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.helm.RpmChart.Manifests;

/** Autoscaling, disruption budgets, Services, the optional Ingress and the optional ServiceMonitors. */
class ScalingAndExposureTest {

    private final Manifests defaults = RpmChart.template();
    private final Manifests production = RpmChart.template(RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml"));

    @Test
    void gateway_isScaledByAnHpaOnCpu_andTheDeploymentLeavesReplicasToIt() {
        JsonNode hpa = defaults.one("HorizontalPodAutoscaler", "device-gateway").path("spec");

        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("demo-rpm-device-gateway");
        assertThat(hpa.path("minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(6);
        assertThat(hpa.path("metrics")).hasSize(1);
        assertThat(hpa.path("metrics").path(0).path("resource").path("name").asText()).isEqualTo("cpu");
        assertThat(defaults.one("Deployment", "device-gateway").path("spec").has("replicas")).isFalse();
    }

    @Test
    void gateway_inFlightMetric_addsAPodsMetricToTheHpa() {
        JsonNode metrics = production.one("HorizontalPodAutoscaler", "device-gateway").path("spec").path("metrics");

        assertThat(metrics).hasSize(2);
        assertThat(metrics.path(1).path("type").asText()).isEqualTo("Pods");
        assertThat(metrics.path(1).path("pods").path("metric").path("name").asText())
                .isEqualTo("rpm_gateway_messages_in_flight");
        assertThat(metrics.path(1).path("pods").path("target").path("averageValue").asText()).isEqualTo("200");
    }

    @Test
    void gateway_withoutAutoscaling_hasFixedReplicasAndNoHpa() {
        Manifests manifests = RpmChart.template(RpmChart.DIR.resolve("ci/minimal-values.yaml"));

        assertThat(manifests.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(manifests.one("Deployment", "device-gateway").path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void services_haveDisruptionBudgetsSelectingTheirPods() {
        for (String component : new String[] {"device-gateway", "stream-processor", "alert-service"}) {
            JsonNode pdb = defaults.one("PodDisruptionBudget", component).path("spec");

            assertThat(pdb.path("maxUnavailable").asInt()).as(component).isEqualTo(1);
            assertThat(pdb.path("selector").path("matchLabels").path("app.kubernetes.io/component").asText())
                    .as(component).isEqualTo(component);
        }
    }

    @Test
    void processor_isAStatefulSetWithParallelPodManagement() {
        JsonNode spec = defaults.one("StatefulSet", "stream-processor").path("spec");

        assertThat(spec.path("replicas").asInt()).isEqualTo(2);
        assertThat(spec.path("podManagementPolicy").asText()).isEqualTo("Parallel");
        assertThat(spec.path("volumeClaimTemplates").path(0).path("spec").path("accessModes").path(0).asText())
                .isEqualTo("ReadWriteOnce");
    }

    @Test
    void alerts_isReachableThroughItsServiceAndOptionalIngress() {
        JsonNode service = production.one("Service", "alert-service").path("spec");
        JsonNode ingress = production.one("Ingress", "alert-service").path("spec");

        assertThat(service.path("ports").path(0).path("port").asInt()).isEqualTo(8080);
        assertThat(service.path("ports").path(0).path("targetPort").asText()).isEqualTo("http");
        assertThat(ingress.path("ingressClassName").asText()).isEqualTo("nginx");
        assertThat(ingress.path("tls").path(0).path("secretName").asText()).isEqualTo("rpm-alerts-tls");
        assertThat(ingress.path("rules").path(0).path("http").path("paths").path(0).path("backend")
                .path("service").path("name").asText()).isEqualTo("demo-rpm-alert-service");
    }

    @Test
    void serviceMonitors_scrapeEveryServiceWhenEnabled() {
        assertThat(production.ofKind("ServiceMonitor")).extracting(RpmChart.Workload::name)
                .containsExactlyInAnyOrder("ServiceMonitor/demo-rpm-device-gateway",
                        "ServiceMonitor/demo-rpm-stream-processor", "ServiceMonitor/demo-rpm-alert-service");
        for (JsonNode monitor : production.ofKind("ServiceMonitor")) {
            String component = monitor.path("spec").path("selector").path("matchLabels")
                    .path("app.kubernetes.io/component").asText();
            JsonNode service = production.one("Service", component);

            assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prometheus");
            assertThat(monitor.path("spec").path("endpoints").path(0).path("path").asText()).isEqualTo("/metrics");
            assertThat(service.path("spec").path("ports").path(0).path("name").asText()).isEqualTo("http");
        }
    }

    @Test
    void longReleaseName_keepsEveryNameWithinKubernetesLimits() {
        String release = "patient-monitoring-production-eu-west-1-blue";
        Manifests manifests = RpmChart.template(release, RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml"));

        assertThat(manifests.documents()).allSatisfy(doc ->
                assertThat(doc.path("metadata").path("name").asText()).hasSizeLessThanOrEqualTo(63)
                        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
        // StatefulSet pods carry a controller-revision-hash label of name + 11 characters, at most 63.
        assertThat(manifests.ofKind("StatefulSet")).allSatisfy(sts ->
                assertThat(sts.path("metadata").path("name").asText()).hasSizeLessThanOrEqualTo(52));
    }

    @Test
    void simulatorJob_runsItsReplicasInParallelAndIsNamedPerRevision() {
        JsonNode job = RpmChart.template(RpmChart.DIR.resolve("ci/simulator-only-values.yaml")).ofKind("Job").get(0);

        assertThat(job.path("metadata").path("name").asText()).isEqualTo("demo-rpm-simulators-1");
        assertThat(job.path("spec").path("parallelism").asInt()).isEqualTo(2);
        assertThat(job.path("spec").path("completions").asInt()).isEqualTo(2);
        assertThat(job.path("spec").path("backoffLimit").asInt()).isZero();
    }
}
