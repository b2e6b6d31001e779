package org.rpmpipeline.backtest.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatientsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsOneIdPerLineSkippingCommentsAndBlankLines() throws Exception {
        Path file = Files.writeString(dir.resolve("p.txt"), "# ward 3\npat-1\n\n  pat-2  \npat-1\n");

        assertThat(PatientsFile.load(file)).containsExactlyInAnyOrder("pat-1", "pat-2");
    }

    @Test
    void aLineThatIsNotAnIdIsReportedWithFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("p.txt"), "pat-1\n# fine\nJane Doe\n");

        assertThatThrownBy(() -> PatientsFile.load(file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ":3: not an opaque patient id (letters, digits and . _ : - only, at most 128 "
                        + "characters)");
    }

    @Test
    void aMissingOrEmptyFileIsRefused() throws Exception {
        assertThatThrownBy(() -> PatientsFile.load(dir.resolve("none.txt"))).hasMessageStartingWith("--patients: ")
                .hasMessageContaining("not a readable file");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nobody\n");
        assertThatThrownBy(() -> PatientsFile.load(empty)).hasMessageContaining("lists no patient");
    }
}
