package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rpm demo} as a user runs it: a separate JVM on the packaged jar and its {@code target/lib} runtime
 * libraries (what the {@code rpm} launcher runs), on free ports. The deteriorating patient raises alerts
 * (threshold rules and NEWS2), the stable one none, and nothing is rejected. Running the packaged classpath also
 * catches a runtime library that only the test classpath had.
 */
@Timeout(300)
class DemoCommandIT {

    @Test
    void demoAlertsOnTheDeterioratingPatientOnly(@TempDir Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("demo.log");
        Process demo = startDemo("45s", log);
        try {
            assertThat(demo.waitFor(240, TimeUnit.SECONDS)).as("demo exits by itself").isTrue();
        } finally {
            demo.destroyForcibly();
        }

        String output = Files.readString(log);
        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output).contains("ALERT").contains("summary after");
        assertThat(output).containsPattern("care-team console: open http://127\\.0\\.0\\.1:\\d+/")
                .contains("to see these alerts in the care-team console");
        assertThat(output.lines().filter(line -> line.contains("ALERT")))
                .allSatisfy(line -> assertThat(line).contains("patient-0002").doesNotContain("patient-0001"));
        assertThat(output).containsPattern("alerts for patient-0001 +0 \\(stable\\)");
        assertThat(output).containsPattern("alerts for patient-0002 +[1-9]\\d* \\(deteriorating\\)");
        assertThat(output).containsPattern("rejected +0");
        assertThat(output).containsPattern("ALERT .* news2 .*patient-0002");
    }

    @Test
    void terminationStopsTheDemoCleanlyWithASummary(@TempDir Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("demo.log");
        Process demo = startDemo("5m", log);
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(log).contains("scenario demo"));

            demo.destroy();   // SIGTERM, as Ctrl-C or a container stop would send

            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stops within a minute").isTrue();
        } finally {
            demo.destroyForcibly();
        }
        assertThat(Files.readString(log)).contains("interrupted: stopping").contains("summary after")
                .containsPattern("rejected +0");
    }

    /** The demo in its own JVM on the packaged jar and {@code target/lib}, output to {@code log}. */
    private static Process startDemo(String duration, Path log) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        String classpath = target.resolve("rpm-all-in-one.jar") + File.pathSeparator + target.resolve("lib") + "/*";
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", classpath,
                RpmCli.class.getName(), "demo", "--duration", duration,
                "--mqtt-port", "0", "--kafka-port", "0", "--http-port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
