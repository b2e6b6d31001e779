package org.rpmpipeline.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.device.DeviceKind;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.Measurement;

class ScenarioFileTest {
    private static final ScenarioOptions OPTIONS = ScenarioOptions.of(4, Duration.ofHours(4));

    @Test
    void load_theDocumentedExample_buildsCohortsPatientsAndFaults() {
        Scenario s = ScenarioFile.load(Path.of("scenarios/example.yaml"), OPTIONS);

        assertThat(s.name()).isEqualTo("ward-night");
        assertThat(s.patients()).hasSize(5);
        assertThat(s.patients()).extracting(p -> p.patientId())
                .contains("patient-00001", "patient-00003", "patient-a1");
        var a1 = s.patient("patient-a1");
        assertThat(a1.hubId()).isEqualTo("hub-a1");
        assertThat(a1.devices()).extracting(d -> d.kind())
                .containsExactly(DeviceKind.PULSE_OXIMETER, DeviceKind.BLOOD_PRESSURE_CUFF);
        assertThat(s.faults()).extracting(Fault::type).containsExactly(Fault.Type.HUB_OFFLINE,
                Fault.Type.MALFORMED, Fault.Type.CLOCK_SKEW);
        assertThat(s.faults().get(1).hostile()).isEqualTo(Hostile.TRUNCATED);
        assertThat(s.faults().get(2).skew()).isEqualTo(Duration.ofMinutes(-90));
    }

    @Test
    void load_conditionsChangeTheValues() {
        Scenario s = ScenarioFile.load(Path.of("scenarios/example.yaml"), OPTIONS);
        List<Measurement> a1 = new ArrayList<>();
        s.timeline(Duration.ofHours(4)).forEachRemaining(m -> {
            if (m.patientId().equals("patient-a1")) {
                a1.add(m);
            }
        });

        assertThat(a1).filteredOn(m -> m.offset().compareTo(Duration.ofMinutes(80)) > 0
                && m.offset().compareTo(Duration.ofMinutes(100)) < 0)
                .isNotEmpty()
                .allMatch(m -> m.valueOf(VitalType.SPO2).map(v -> v.doubleValue() < 90).orElse(true));
    }

    @Test
    void load_badEntry_namesItsPlace(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                patients:
                  - id: p1
                    devices:
                      - kind: toaster
                """);

        assertThatThrownBy(() -> ScenarioFile.load(file, OPTIONS)).hasMessageContaining("toaster");
        Path noLength = Files.writeString(dir.resolve("bad2.yaml"), """
                patients:
                  - id: p1
                    conditions:
                      - type: hypoxia-episode
                        start: 1h
                """);
        assertThatThrownBy(() -> ScenarioFile.load(noLength, OPTIONS))
                .hasMessageContaining("patients[0].conditions[0]").hasMessageContaining("length");
    }

    @Test
    void load_notYaml_saysSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.yaml"), "patients: [unclosed");

        assertThatThrownBy(() -> ScenarioFile.load(file, OPTIONS)).hasMessageContaining("not valid YAML");
    }
}
