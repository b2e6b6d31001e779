package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code ./rpm demo} on free ports: the deteriorating patient raises alerts (threshold rules and NEWS2), the stable
 * one none, and nothing is rejected.
 */
@Timeout(240)
class DemoCommandIT {

    @Test
    void demoAlertsOnTheDeterioratingPatientOnly() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(new DemoCommand(out)).execute("--duration", "45s",
                "--mqtt-port", "0", "--kafka-port", "0", "--http-port", "0");

        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("ALERT").contains("summary after");
        assertThat(output.lines().filter(line -> line.contains("ALERT")))
                .allSatisfy(line -> assertThat(line).contains("patient-0002").doesNotContain("patient-0001"));
        assertThat(output).containsPattern("alerts for patient-0001 +0 \\(stable\\)");
        assertThat(output).containsPattern("alerts for patient-0002 +[1-9]\\d* \\(deteriorating\\)");
        assertThat(output).containsPattern("rejected +0");
        // the early-warning score sees the deterioration too, not only the single-vital thresholds
        assertThat(output).containsPattern("ALERT .* news2 .*patient-0002");
    }
}
