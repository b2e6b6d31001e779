package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.helm.RpmChart.Manifests;

/** One NetworkPolicy per component: default deny both ways, then only the traffic the component needs. */
class NetworkPolicyTest {

    private final Manifests defaults = RpmChart.template();
    private final Manifests production = RpmChart.template(RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml"));

    @Test
    void everyEnabledComponent_hasAPolicySelectingExactlyItsPods() {
        for (Manifests manifests : List.of(defaults, production)) {
            for (JsonNode workload : manifests.workloads()) {
                JsonNode podLabels = workload.path("spec").path("template").path("metadata").path("labels");
                String component = podLabels.path("app.kubernetes.io/component").asText();
                JsonNode policy = manifests.one("NetworkPolicy", component);

                assertThat(policy.path("spec").path("policyTypes")).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder("Ingress", "Egress");
                policy.path("spec").path("podSelector").path("matchLabels").fields().forEachRemaining(label ->
                        assertThat(podLabels.path(label.getKey()).asText()).as(component)
                                .isEqualTo(label.getValue().asText()));
                assertThat(policy.path("spec").path("podSelector").path("matchLabels")
                        .path("app.kubernetes.io/component").asText()).isEqualTo(component);
            }
        }
    }

    @Test
    void byDefault_nothingMayConnectToThePods() {
        for (JsonNode policy : defaults.ofKind("NetworkPolicy")) {
            assertThat(policy.path("spec").path("ingress").isArray()).as(RpmChart.Workload.name(policy)).isTrue();
            assertThat(policy.path("spec").path("ingress")).as(RpmChart.Workload.name(policy)).isEmpty();
        }
    }

    @Test
    void egress_allowsEachComponentOnlyItsDependencies() {
        assertThat(egressPorts(defaults.one("NetworkPolicy", "device-gateway")))
                .containsExactly("TCP/1883", "TCP/53", "TCP/8883", "TCP/9092", "TCP/9093", "UDP/53");
        assertThat(egressPorts(defaults.one("NetworkPolicy", "stream-processor")))
                .containsExactly("TCP/53", "TCP/9092", "TCP/9093", "UDP/53");
        assertThat(egressPorts(defaults.one("NetworkPolicy", "alert-service")))
                .containsExactly("TCP/443", "TCP/53", "TCP/587", "TCP/9092", "TCP/9093", "UDP/53");
        assertThat(egressPorts(production.one("NetworkPolicy", "simulators")))
                .containsExactly("TCP/53", "TCP/8883", "UDP/53");
    }

    @Test
    void configuredPeers_narrowEgressAndOpenIngress() {
        JsonNode gateway = production.one("NetworkPolicy", "device-gateway").path("spec");
        JsonNode alerts = production.one("NetworkPolicy", "alert-service").path("spec");

        JsonNode kafkaRule = ruleFor(gateway.path("egress"), 9093);
        assertThat(kafkaRule.path("to").path(0).path("podSelector").path("matchLabels").path("strimzi.io/cluster")
                .asText()).isEqualTo("rpm");
        assertThat(gateway.path("ingress")).hasSize(1);
        assertThat(gateway.path("ingress").path(0).path("from").path(0).path("namespaceSelector")
                .path("matchLabels").path("kubernetes.io/metadata.name").asText()).isEqualTo("monitoring");
        assertThat(alerts.path("ingress")).extracting(rule -> rule.path("from").path(0).path("namespaceSelector")
                .path("matchLabels").path("kubernetes.io/metadata.name").asText())
                .containsExactly("ingress-nginx", "monitoring");
        assertThat(alerts.path("ingress")).allSatisfy(rule ->
                assertThat(rule.path("ports").path(0).path("port").asText()).isEqualTo("http"));
    }

    @Test
    void disabled_rendersNoPolicies() {
        Manifests manifests = RpmChart.template("networkPolicy:\n  enabled: false\n");

        assertThat(manifests.ofKind("NetworkPolicy")).isEmpty();
        assertThat(manifests.workloads()).isNotEmpty();
    }

    private static Set<String> egressPorts(JsonNode policy) {
        Set<String> ports = new TreeSet<>();
        policy.path("spec").path("egress").forEach(rule -> rule.path("ports").forEach(port ->
                ports.add(port.path("protocol").asText() + "/" + port.path("port").asText())));
        return ports;
    }

    private static JsonNode ruleFor(JsonNode egress, int port) {
        List<JsonNode> rules = new ArrayList<>();
        egress.forEach(rule -> rule.path("ports").forEach(p -> {
            if (p.path("port").asInt() == port) {
                rules.add(rule);
            }
        }));
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }
}
