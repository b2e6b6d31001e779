package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOTES.txt tells the operator the next step: run the simulator job, then where alerts appear. */
class NotesTest {

    @Test
    void withoutSimulator_explainsHowToRunTheJobAndWhereAlertsAppear() {
        String notes = RpmChart.notes(RpmChart.DIR.resolve("values.yaml"));

        assertThat(notes).contains("--set simulator.enabled=true")
                .contains("kubectl -n rpm port-forward svc/demo-rpm-alert-service 8080:8080")
                .contains("/fhir/Observation")
                .contains("rpm.alerts").contains("rpm.findings").contains("rpm.notifications")
                .contains("networkPolicy.metricsFrom is empty");
    }

    @Test
    void withSimulator_pointsAtTheJobLog() {
        String notes = RpmChart.notes(RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml"));

        assertThat(notes).contains("kubectl -n rpm logs -f job/demo-rpm-simulators-1")
                .doesNotContain("--set simulator.enabled=true")
                .doesNotContain("networkPolicy.metricsFrom is empty")
                .doesNotContain("networkPolicy.alertsApiFrom is empty");
    }

    @Test
    void ingressWithoutApiPeers_warnsThatThePolicyBlocksIt(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"), "alerts:\n  ingress:\n    enabled: true\n");

        assertThat(RpmChart.notes(values)).contains("networkPolicy.alertsApiFrom is empty");
    }
}
