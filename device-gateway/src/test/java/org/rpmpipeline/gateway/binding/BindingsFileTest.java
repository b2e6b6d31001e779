package org.rpmpipeline.gateway.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.device.DeviceBinding;

class BindingsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsCsvWithOptionalColumns() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.csv"), """
                deviceId,patientId,validFrom,validTo,kind
                # a comment
                ox-1,patient-1,,,pulse-oximeter
                bp-1,patient-2,2026-01-01T00:00:00Z,2026-06-01T00:00:00Z,
                """);

        List<DeviceBinding> bindings = BindingsFile.read(file);

        assertThat(bindings).hasSize(2);
        assertThat(bindings.get(0)).isEqualTo(new DeviceBinding(1, "ox-1", "patient-1", null, null, "pulse-oximeter"));
        assertThat(bindings.get(1).validFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(bindings.get(1).validTo()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(bindings.get(1).kind()).isNull();
    }

    @Test
    void readsCsvWithOnlyTheRequiredColumns() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.csv"), "deviceId,patientId\nox-1,patient-1\n");

        assertThat(BindingsFile.read(file)).containsExactly(DeviceBinding.of("ox-1", "patient-1"));
    }

    @Test
    void readsYaml() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.yaml"), """
                - deviceId: ox-1
                  patientId: patient-1
                  kind: pulse-oximeter
                - deviceId: bp-1
                  patientId: patient-2
                  validFrom: 2026-01-01T00:00:00Z
                """);

        List<DeviceBinding> bindings = BindingsFile.read(file);

        assertThat(bindings).extracting(DeviceBinding::deviceId).containsExactly("ox-1", "bp-1");
        assertThat(bindings.get(1).validFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void failsNamingTheLineOfABadEntry() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.csv"), "deviceId,patientId\nox-1,patient-1\nox 2,p\n");

        assertThatThrownBy(() -> BindingsFile.read(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.lines()).singleElement().asString().startsWith(file + ":3: ")
                        .contains("deviceId"));
    }

    @Test
    void reportsEveryBadCsvLineAtOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.csv"), """
                deviceId,patientId,validFrom
                ox 1,patient-1,
                ox-2,patient-2,
                ox-3,,
                ox-4,patient-4,yesterday
                """);

        assertThatThrownBy(() -> BindingsFile.read(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.lines()).extracting(line -> line.substring(0, line.indexOf(": ")))
                        .containsExactly(file + ":2", file + ":4", file + ":5"));
    }

    @Test
    void reportsEveryBadYamlEntryAtOnceWithItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.yaml"), """
                - deviceId: ox-1
                  patientId: patient-1
                - deviceId: bp 1
                  patientId: patient-2
                - just a string
                - deviceId: t-1
                  patientId: patient-3
                  validTo: next week
                """);

        assertThatThrownBy(() -> BindingsFile.read(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.lines()).extracting(line -> line.substring(0, line.indexOf(": ")))
                        .containsExactly(file + ":3", file + ":5", file + ":6"));
    }

    @Test
    void manyBadLinesAreListedUpToABoundThenCounted() throws IOException {
        StringBuilder csv = new StringBuilder("deviceId,patientId\n");
        for (int i = 0; i < BindingsFile.MAX_REPORTED + 7; i++) {
            csv.append("bad id ").append(i).append(",p\n");
        }
        Path file = Files.writeString(dir.resolve("devices.csv"), csv);

        assertThatThrownBy(() -> BindingsFile.read(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.lines()).hasSize(BindingsFile.MAX_REPORTED + 1).last().asString()
                        .isEqualTo(file + ": 7 more bad lines not listed"));
    }

    @Test
    void failsOnAMissingHeaderColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.csv"), "device,patient\nox-1,patient-1\n");

        assertThatThrownBy(() -> BindingsFile.read(file)).hasMessageContaining("deviceId");
    }

    @Test
    void failsOnYamlThatIsNotAList() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.yml"), "deviceId: ox-1\n");

        assertThatThrownBy(() -> BindingsFile.read(file)).hasMessageContaining("list");
    }

    @Test
    void failsOnAnUnknownExtension() throws IOException {
        Path file = Files.writeString(dir.resolve("devices.txt"), "");

        assertThatThrownBy(() -> BindingsFile.read(file)).hasMessageContaining(".csv");
    }
}
