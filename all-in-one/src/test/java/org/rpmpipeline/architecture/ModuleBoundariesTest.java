package org.rpmpipeline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module boundaries of the README, held by a test instead of by habit: services share only the contract (the
 * gateway and the simulators also the BLE codecs, the services the HTTP server), no service depends on another,
 * nothing depends on the all-in-one assembly, and the embedded brokers are a test dependency of the services. Checked
 * twice: on the modules' declared Maven dependencies, and on the compiled classes (ArchUnit), so neither a
 * dependency added to a POM nor a class reached through a transitive dependency slips through.
 */
class ModuleBoundariesTest {
    private static final Set<String> SERVICES = Set.of("device-gateway", "stream-processor", "alert-service",
            "simulators");
    /** The project modules each module may use outside tests. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "contract", Set.of(),
            "ble-gatt", Set.of("contract"),
            "http-server", Set.of("contract"),
            "embedded", Set.of("contract"),
            "device-gateway", Set.of("contract", "ble-gatt", "http-server"),
            "simulators", Set.of("contract", "ble-gatt"),
            "stream-processor", Set.of("contract", "http-server"),
            "alert-service", Set.of("contract", "http-server"),
            // the backtest replays the services' own topology and alert policy: it is a tool over them, not a peer
            "rule-backtest", Set.of("contract", "stream-processor", "alert-service"),
            "helm", Set.of());
    /** Root packages of the modules' main classes. */
    private static final Map<String, String> PACKAGES = Map.of(
            "contract", "org.rpmpipeline.contract..", "ble-gatt", "org.rpmpipeline.ble..",
            "http-server", "org.rpmpipeline.http..", "embedded", "org.rpmpipeline.embedded..",
            "device-gateway", "org.rpmpipeline.gateway..", "stream-processor", "org.rpmpipeline.processor..",
            "alert-service", "org.rpmpipeline.alerts..", "simulators", "org.rpmpipeline.sim..",
            "rule-backtest", "org.rpmpipeline.backtest..", "all-in-one", "org.rpmpipeline.demo..");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.rpmpipeline");
    }

    /** One declared dependency of a module on another project module. */
    record ModuleDependency(String from, String to, String scope) {
    }

    @Test
    void modulesDeclareOnlyTheProjectDependenciesTheyMayHave() throws Exception {
        List<ModuleDependency> declared = declaredProjectDependencies();
        assertThat(declared).as("read from the modules' POMs").isNotEmpty();

        List<ModuleDependency> outside = declared.stream()
                .filter(d -> !d.scope().equals("test"))
                .filter(d -> !d.from().equals("all-in-one"))
                .filter(d -> !ALLOWED.getOrDefault(d.from(), Set.of()).contains(d.to()))
                .toList();
        assertThat(outside).as("dependencies outside the boundaries").isEmpty();
    }

    @Test
    void noModuleDependsOnTheAssemblyNorAServiceOnAnotherService() throws Exception {
        List<ModuleDependency> declared = declaredProjectDependencies();

        assertThat(declared).filteredOn(d -> d.to().equals("all-in-one")).isEmpty();
        assertThat(declared).filteredOn(d -> SERVICES.contains(d.from()) && SERVICES.contains(d.to())).isEmpty();
    }

    @Test
    void servicesUseTheEmbeddedBrokersInTestsOnly() throws Exception {
        List<ModuleDependency> embedded = declaredProjectDependencies().stream()
                .filter(d -> SERVICES.contains(d.from()) && d.to().equals("embedded")).toList();

        assertThat(embedded).isNotEmpty().allSatisfy(d -> assertThat(d.scope()).as(d.toString()).isEqualTo("test"));
    }

    @Test
    void mainClassesOfEachModuleUseOnlyTheModulesItMayUse() {
        ALLOWED.forEach((module, allowed) -> {
            if (!PACKAGES.containsKey(module)) {
                return;
            }
            String[] forbidden = PACKAGES.entrySet().stream()
                    .filter(e -> !e.getKey().equals(module) && !allowed.contains(e.getKey()))
                    .map(Map.Entry::getValue).toArray(String[]::new);
            noClasses().that().resideInAPackage(PACKAGES.get(module))
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .as(module + " uses only " + allowed).check(classes);
        });
    }

    @Test
    void theContractStaysFreeOfStreamsMqttFhirAndHttp() {
        noClasses().that().resideInAPackage("org.rpmpipeline.contract..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..",
                        "org.eclipse.paho..", "com.hivemq..", "ca.uhn..", "org.hl7..", "io.javalin..",
                        "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void mainClassesHoldNoTestCode() {
        noClasses().that().resideInAPackage("org.rpmpipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.assertj..",
                        "org.awaitility..")
                .check(classes);
    }

    @Test
    void onlyTheBacktestDrivesATopologyWithoutBrokers() {
        // the backtest's replay engine is Kafka Streams' TopologyTestDriver (rule-backtest/DESIGN.md); a service
        // reaching for it would be running test code in production
        noClasses().that().resideInAPackage("org.rpmpipeline..")
                .and().resideOutsideOfPackage("org.rpmpipeline.backtest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams.test..")
                .check(classes);
    }

    /** The project modules each module's POM names as dependencies, with their scope. */
    private static List<ModuleDependency> declaredProjectDependencies() throws Exception {
        Path root = projectRoot();
        List<ModuleDependency> all = new ArrayList<>();
        for (String module : modules(root)) {
            Document pom = parse(root.resolve(module).resolve("pom.xml"));
            Element dependencies = child(pom.getDocumentElement(), "dependencies");
            if (dependencies == null) {
                continue;
            }
            NodeList list = dependencies.getElementsByTagName("dependency");
            for (int i = 0; i < list.getLength(); i++) {
                Element dependency = (Element) list.item(i);
                if ("org.rpmpipeline".equals(text(dependency, "groupId"))) {
                    String scope = text(dependency, "scope");
                    all.add(new ModuleDependency(module, text(dependency, "artifactId"),
                            scope == null ? "compile" : scope));
                }
            }
        }
        return all;
    }

    private static List<String> modules(Path root) throws Exception {
        Element modules = child(parse(root.resolve("pom.xml")).getDocumentElement(), "modules");
        List<String> names = new ArrayList<>();
        NodeList list = modules.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            names.add(list.item(i).getTextContent().trim());
        }
        return names;
    }

    /** The directory of the parent POM: the working directory of a module's tests is the module. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("contract")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the project root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
