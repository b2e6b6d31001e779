package org.rpmpipeline.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test, driven through the real Helm library bundled with helm-java: no helm binary, no cluster.
 */
final class RpmChart {
    /** The chart directory; tests run with the {@code helm} module as working directory. */
    static final Path DIR = Path.of("rpm").toAbsolutePath();
    static final String RELEASE = "demo";
    static final String NAMESPACE = "rpm";

    private static final YAMLMapper YAML = new YAMLMapper();

    private RpmChart() {
    }

    /** The value profiles in {@code ci/}, sorted by name. */
    static List<Path> ciProfiles() {
        try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm template} with the chart's defaults. */
    static Manifests template() {
        return template("{}");
    }

    /** {@code helm template -f <profile>}. */
    static Manifests template(Path valuesFile) {
        return template(RELEASE, valuesFile);
    }

    /** {@code helm template <release> -f <profile>}. */
    static Manifests template(String release, Path valuesFile) {
        String out = new Helm(DIR).template().withName(release).withNamespace(NAMESPACE)
                .withValuesFile(valuesFile).call();
        return Manifests.parse(out);
    }

    /** {@code helm template -f <file holding valuesYaml>}; throws {@link IllegalStateException} when Helm refuses. */
    static Manifests template(String valuesYaml) {
        Path file = null;
        try {
            file = Files.createTempFile("rpm-values-", ".yaml");
            Files.writeString(file, valuesYaml);
            return template(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** The NOTES.txt an install would print: a client-only dry-run install (no cluster contacted). */
    static String notes(Path valuesFile) {
        String output = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE).dryRun().clientOnly()
                .withValuesFile(valuesFile).call().getOutput();
        int start = output.indexOf("NOTES:");
        if (start < 0) {
            throw new AssertionError("no NOTES in install output: " + output);
        }
        return output.substring(start);
    }

    /** {@code helm lint --strict} on the chart as it is. */
    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    /**
     * {@code helm lint --strict -f <profile>}. helm-java's lint takes no values file, so the profile is merged over
     * {@code values.yaml} the way Helm coalesces values (maps merge, everything else replaces, null deletes) and
     * linted as the values.yaml of a copy of the chart.
     */
    static LintResult lint(Path valuesFile) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory("rpm-chart-");
            Path chart = copy.resolve("rpm");
            copyTree(DIR, chart);
            JsonNode merged = merge(YAML.readTree(DIR.resolve("values.yaml").toFile()),
                    YAML.readTree(valuesFile.toFile()));
            YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
            return new Helm(chart).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(copy);
        }
    }

    /** Helm's coalescing of an override file over defaults. */
    static JsonNode merge(JsonNode defaults, JsonNode overrides) {
        if (overrides == null || overrides.isMissingNode()) {
            return defaults;
        }
        if (!(defaults instanceof ObjectNode base) || !overrides.isObject()) {
            return overrides;
        }
        ObjectNode out = base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                out.remove(field.getKey());
            } else {
                out.set(field.getKey(), merge(out.get(field.getKey()), field.getValue()));
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rendered documents, parsed. */
    record Manifests(List<JsonNode> documents) {
        static Manifests parse(String rendered) {
            List<JsonNode> docs = new ArrayList<>();
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && doc.isObject() && doc.has("kind")) {
                        docs.add(doc);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("rendered manifests are not YAML", e);
            }
            return new Manifests(List.copyOf(docs));
        }

        List<JsonNode> ofKind(String kind) {
            return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        }

        /** The one document of this kind whose name is {@code demo-rpm-<component>}. */
        JsonNode one(String kind, String component) {
            String name = RELEASE + "-rpm-" + component;
            List<JsonNode> found = ofKind(kind).stream()
                    .filter(d -> d.path("metadata").path("name").asText().equals(name)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size()
                        + " among " + summary());
            }
            return found.get(0);
        }

        /** Deployments, StatefulSets and Jobs. */
        List<JsonNode> workloads() {
            return documents.stream()
                    .filter(d -> List.of("Deployment", "StatefulSet", "Job").contains(d.path("kind").asText()))
                    .toList();
        }

        /** Workloads that serve HTTP (every service; not the simulator job). */
        List<JsonNode> services() {
            return workloads().stream().filter(w -> !"Job".equals(w.path("kind").asText())).toList();
        }

        /** The value of a ConfigMap's data key, or null. */
        String configMapData(String name, String key) {
            return ofKind("ConfigMap").stream()
                    .filter(d -> d.path("metadata").path("name").asText().equals(RELEASE + "-rpm-" + name))
                    .map(d -> d.path("data").path(key).asText(null))
                    .findFirst().orElse(null);
        }

        List<String> summary() {
            return documents.stream()
                    .map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
        }
    }

    /** Accessors into a workload document. */
    static final class Workload {
        private Workload() {
        }

        static JsonNode podSpec(JsonNode workload) {
            return workload.path("spec").path("template").path("spec");
        }

        static JsonNode podAnnotations(JsonNode workload) {
            return workload.path("spec").path("template").path("metadata").path("annotations");
        }

        static JsonNode container(JsonNode workload) {
            return podSpec(workload).path("containers").path(0);
        }

        /** Environment variables by name: the literal value, or the whole EnvVar for {@code valueFrom}. */
        static Map<String, JsonNode> env(JsonNode workload) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            container(workload).path("env").forEach(e -> out.put(e.path("name").asText(), e));
            return out;
        }

        static String envValue(JsonNode workload, String name) {
            JsonNode var = env(workload).get(name);
            return var == null ? null : var.path("value").asText(null);
        }

        static Map<String, String> volumeMounts(JsonNode workload) {
            Map<String, String> out = new LinkedHashMap<>();
            container(workload).path("volumeMounts").forEach(m -> out.put(m.path("name").asText(),
                    m.path("mountPath").asText()));
            return out;
        }

        static Map<String, JsonNode> volumes(JsonNode workload) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            podSpec(workload).path("volumes").forEach(v -> out.put(v.path("name").asText(), v));
            return out;
        }

        static String name(JsonNode doc) {
            return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
        }
    }
}
