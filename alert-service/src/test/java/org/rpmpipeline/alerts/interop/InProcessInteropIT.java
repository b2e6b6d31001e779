package org.rpmpipeline.alerts.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.AlertService;

/**
 * {@link FhirInteropScenario} against the service's own in-process FHIR server (the default for the demo), read
 * as an integrator reads it: with a viewer's bearer token, the service writing with its own. The same checks as
 * against HAPI's JPA server, so the two answer alike.
 */
@Timeout(600)
class InProcessInteropIT extends FhirInteropScenario {
    private static final String VIEWER_TOKEN = "t-interop-viewer";
    private Path tokens;

    @Override
    Map<String, String> startServer() throws Exception {
        tokens = Files.createTempFile("rpm-interop-tokens", ".txt");
        Files.writeString(tokens, VIEWER_TOKEN + " viewer integrator\n");
        return Map.of(AlertConfig.API_TOKENS_FILE, tokens.toString());
    }

    @Override
    FhirRest client(AlertService service) {
        return new FhirRest(base(service), VIEWER_TOKEN);
    }

    private static URI base(AlertService service) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + "/fhir");
    }

    @Override
    void stopServer() throws Exception {
        if (tokens != null) {
            Files.deleteIfExists(tokens);
        }
    }

    @Test
    void withoutATokenTheServerAnswersNothing() throws Exception {
        assertThat(new FhirRest(base(currentService()), null).status("Observation?_summary=count")).isEqualTo(401);
        assertThat(new FhirRest(base(currentService()), null).status("Patient")).isEqualTo(401);
    }
}
