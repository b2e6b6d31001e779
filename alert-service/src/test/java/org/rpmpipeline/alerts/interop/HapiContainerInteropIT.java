package org.rpmpipeline.alerts.interop;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.alerts.FhirSettings;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link FhirInteropScenario} against the published HAPI FHIR server image (hapi-fhir-jpaserver-starter, its
 * default configuration: R4, in-memory H2), where a Docker engine is available; skipped, saying why, where not.
 * {@link HapiJpaInteropIT} runs the same checks against HAPI's JPA server inside the JVM.
 */
@Timeout(900)
@EnabledIf(value = "dockerAvailable", disabledReason = "no Docker engine here: the hapiproject/hapi container tier "
        + "is skipped (HapiJpaInteropIT runs the same checks against HAPI's JPA server in the JVM)")
class HapiContainerInteropIT extends FhirInteropScenario {
    /** The image, pinned: its HAPI version is the one this project builds with. */
    static final DockerImageName IMAGE = DockerImageName.parse("hapiproject/hapi:v8.6.0-1");
    private GenericContainer<?> hapi;

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Override
    Map<String, String> startServer() {
        hapi = new GenericContainer<>(IMAGE).withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/fhir/metadata").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(8)));
        hapi.start();
        return Map.of(FhirSettings.BASE_URL, base().toString());
    }

    @Override
    FhirRest client(AlertService service) {
        return new FhirRest(base(), null);
    }

    private URI base() {
        return URI.create("http://" + hapi.getHost() + ":" + hapi.getMappedPort(8080) + "/fhir");
    }

    @Override
    void stopServer() {
        if (hapi != null) {
            hapi.stop();
        }
    }
}
