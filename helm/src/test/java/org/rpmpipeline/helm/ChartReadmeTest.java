package org.rpmpipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart README documents every value and every environment variable the chart sets. */
class ChartReadmeTest {

    @Test
    void everyValue_isInTheValuesTable() throws IOException {
        String readme = Files.readString(RpmChart.DIR.resolve("README.md"));
        JsonNode values = new YAMLMapper().readTree(RpmChart.DIR.resolve("values.yaml").toFile());
        List<String> missing = new ArrayList<>();

        for (String path : leafPaths(values, "")) {
            if (!documented(readme, path)) {
                missing.add(path);
            }
        }

        assertThat(missing).as("values missing from README.md").isEmpty();
    }

    @Test
    void everyRenderedRpmVariable_isInTheContractTable() throws IOException {
        String readme = Files.readString(RpmChart.DIR.resolve("README.md"));
        List<String> missing = new ArrayList<>();
        RpmChart.Manifests all = RpmChart.template(RpmChart.DIR.resolve("ci/strimzi-sasl-values.yaml"));
        RpmChart.Manifests mtls = RpmChart.template(RpmChart.DIR.resolve("ci/mtls-values.yaml"));

        for (RpmChart.Manifests manifests : List.of(all, mtls)) {
            for (JsonNode workload : manifests.workloads()) {
                for (String name : RpmChart.Workload.env(workload).keySet()) {
                    boolean passThrough = name.startsWith("RPM_KAFKA_PROPERTY_") && readme.contains("`RPM_KAFKA_PROPERTY_<NAME>`");
                    if (name.startsWith("RPM_") && !readme.contains(name) && !readme.contains(shortForm(name))
                            && !passThrough) {
                        missing.add(name);
                    }
                }
            }
        }

        assertThat(missing).as("variables missing from README.md").isEmpty();
    }

    /** {@code RPM_KAFKA_PROPERTY_SASL_JAAS_CONFIG} is written {@code …_SASL_JAAS_CONFIG} next to its family. */
    private static String shortForm(String name) {
        String[] families = {"RPM_KAFKA_PROPERTY", "RPM_ALERTS_SMTP"};
        for (String family : families) {
            if (name.startsWith(family + "_")) {
                return "`…" + name.substring(family.length()) + "`";
            }
        }
        return name;
    }

    /** A key is documented when it, or the object holding it, is a row of the table. */
    private static boolean documented(String readme, String path) {
        for (String candidate = path; !candidate.isEmpty(); candidate = parent(candidate)) {
            if (readme.contains("| `" + candidate + "` |")) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static List<String> leafPaths(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isObject() && node.size() > 0) {
            for (var it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.addAll(leafPaths(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey()));
            }
        } else {
            out.add(prefix);
        }
        return out;
    }
}
