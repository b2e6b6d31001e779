package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} on the defaults and on every value profile in {@code ci/}. */
class ChartLintTest {

    static List<Path> ciProfiles() {
        return RpmChart.ciProfiles();
    }

    @Test
    void lint_defaultValues_passesStrict() {
        LintResult result = RpmChart.lint();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void ciProfiles_coverTheDocumentedSetups() {
        assertThat(ciProfiles()).extracting(p -> p.getFileName().toString())
                .contains("minimal-values.yaml", "strimzi-sasl-values.yaml", "mtls-values.yaml",
                        "simulator-only-values.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciProfiles")
    void lint_ciProfile_passesStrict(Path profile) {
        LintResult result = RpmChart.lint(profile);

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void lint_profileBreakingTheSchema_fails(@TempDir Path dir) throws IOException {
        Path profile = Files.writeString(dir.resolve("typo-values.yaml"), "gateway:\n  replica: 3\n");

        LintResult result = RpmChart.lint(profile);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("Additional property replica is not allowed");
    }
}
