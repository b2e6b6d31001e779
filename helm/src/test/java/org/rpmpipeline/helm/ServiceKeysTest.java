package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart follows the services: every {@code RPM_*} variable it sets for a component names a configuration key
 * that the component's own sources (or the shared contract) declare. A key renamed in a service fails here.
 */
class ServiceKeysTest {

    /** Where each workload's service keys are declared, relative to the helm module. */
    private static final Map<String, String> MODULES = Map.of(
            "device-gateway", "../device-gateway",
            "stream-processor", "../stream-processor",
            "alert-service", "../alert-service",
            "simulators", "../simulators");

    /**
     * Keys of the agreed service contract that a service does not read yet; the chart may set them so the
     * deployment is ready when they land. Empty: every variable the chart sets is read.
     */
    private static final Set<String> NOT_YET_READ = Set.of();

    private static final Pattern KEY_LITERAL = Pattern.compile("\"(rpm\\.[a-z0-9][a-z0-9.-]*)\"");

    @Test
    void everyVariableTheChartSets_isAKeyOfTheService() {
        Set<String> contract = declaredKeys(Path.of("../contract"));
        Set<String> unknown = new TreeSet<>();

        for (Path profile : List.of(RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml"),
                RpmChart.DIR.resolve("ci/mtls-values.yaml"))) {
            for (JsonNode workload : RpmChart.template(profile).workloads()) {
                String component = workload.path("spec").path("template").path("metadata").path("labels")
                        .path("app.kubernetes.io/component").asText();
                Set<String> known = new HashSet<>(contract);
                known.addAll(declaredKeys(Path.of(MODULES.get(component))));
                for (String name : RpmChart.Workload.env(workload).keySet()) {
                    if (name.startsWith("RPM_") && !name.startsWith("RPM_KAFKA_PROPERTY_") && !known.contains(name)
                            && !NOT_YET_READ.contains(name)) {
                        unknown.add(component + ": " + name);
                    }
                }
            }
        }

        assertThat(unknown).as("variables no service key matches (renamed in the service?)").isEmpty();
    }

    @Test
    void keysAreReadFromTheServiceSources() {
        assertThat(declaredKeys(Path.of("../device-gateway"))).contains("RPM_GATEWAY_SHARE_GROUP");
        assertThat(declaredKeys(Path.of("../contract"))).contains("RPM_CONFIG_FILE");
    }

    /** Every {@code "rpm.x.y-z"} literal in a module's main sources, as its environment name. */
    private static Set<String> declaredKeys(Path module) {
        Path sources = module.resolve("src/main/java");
        assertThat(sources).as("sources of %s", module).isDirectory();
        Set<String> keys = new HashSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = KEY_LITERAL.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }
}
