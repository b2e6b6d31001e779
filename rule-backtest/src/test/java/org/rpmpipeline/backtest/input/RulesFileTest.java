package org.rpmpipeline.backtest.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
    private static final String VALID = """
            schemaVersion: 1
            rules:
              - id: spo2-low
                kind: threshold
                version: 1
                description: Oxygen saturation low
                vital: spo2
                unit: "%"
                bands:
                  - {severity: high, operator: "<=", value: 92, source: test}
              - id: heart-rate-high
                kind: threshold
                version: 1
                description: Heart rate high
                vital: heart-rate
                unit: /min
                bands:
                  - {severity: moderate, operator: ">=", value: 111, source: test}
            """;

    @TempDir
    Path dir;

    @Test
    void loadsWithTheProcessorsValidationAndFingerprintsTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("candidate.yaml"), VALID);

        RulesFile rules = RulesFile.load("--rules", file);

        assertThat(rules.name()).isEqualTo("candidate.yaml");
        assertThat(rules.sha256()).hasSize(64).isEqualTo(RulesFile.load("--rules", file).sha256());
        assertThat(rules.rules().rules()).extracting(r -> r.id()).containsExactly("spo2-low", "heart-rate-high");
    }

    @Test
    void aProblemInARuleNamesTheLineOfItsId() throws Exception {
        Path file = Files.writeString(dir.resolve("candidate.yaml"),
                VALID.replace("operator: \">=\"", "operator: \"=>\""));

        assertThatThrownBy(() -> RulesFile.load("--rules", file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":11: rule heart-rate-high: bands[0].operator");
    }

    @Test
    void aYamlSyntaxErrorNamesItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yaml"), VALID.replace("kind: threshold\n    version: 1\n"
                + "    description: Heart", "kind: [threshold\n    version: 1\n    description: Heart"));

        assertThatThrownBy(() -> RulesFile.load("--rules", file)).hasMessageStartingWith(file + ":")
                .hasMessageContaining("not valid YAML").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingFileNamesTheFlag() {
        assertThatThrownBy(() -> RulesFile.load("--baseline", dir.resolve("gone.yaml")))
                .hasMessage("--baseline: " + dir.resolve("gone.yaml") + " is not a readable file");
    }

    @Test
    void theBundledRulesAreTheProcessorsDefaults() {
        RulesFile bundled = RulesFile.bundled();

        assertThat(bundled.name()).isEqualTo(RulesFile.BUNDLED_NAME);
        assertThat(bundled.rules().rule("spo2-low")).isPresent();
    }
}
